package org.nlpearl4j.benchmarks.footprint;

/** A class with a known shape for the dex header test: two methods and the implicit constructor. */
final class TinyDexSubject {

  int one() {
    return 1;
  }

  int two() {
    return one() + 1;
  }
}
