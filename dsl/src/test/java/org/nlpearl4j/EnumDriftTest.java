package org.nlpearl4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.nlpearl4j.spec.NlPearlSpec;
import org.yaml.snakeyaml.Yaml;

/**
 * The facade's enums against the vendored spec: every {@code `code - Name`} line of an integer-coded
 * schema must be an enum constant with that code and name, and nothing more. When NLPearl adds or
 * renames a code, this fails and says what to change.
 */
class EnumDriftTest {
  private static final Pattern CODE_LINE = Pattern.compile("`(\\d+) - ([A-Za-z]+)`");

  @SuppressWarnings("unchecked")
  private static Map<Integer, String> specCodes(String schema) {
    Map<String, Object> spec = new Yaml().load(NlPearlSpec.yaml());
    Map<String, Object> schemas =
        (Map<String, Object>) ((Map<String, Object>) spec.get("components")).get("schemas");
    Map<String, Object> definition = (Map<String, Object>) schemas.get(schema);
    assertThat(definition).as("schema " + schema + " in nlpearl.yaml").isNotNull();
    Matcher m = CODE_LINE.matcher(String.valueOf(definition.get("description")));
    Map<Integer, String> codes = new TreeMap<>();
    while (m.find()) {
      codes.put(Integer.parseInt(m.group(1)), m.group(2));
    }
    assertThat(codes).as("codes documented in " + schema).isNotEmpty();
    return codes;
  }

  private static <E extends Enum<E>> void assertMatches(
      String schema, Class<E> type, Function<E, Integer> code, Function<E, String> name) {
    Map<Integer, String> inEnum = new TreeMap<>();
    for (E constant : type.getEnumConstants()) {
      if (!constant.name().equals("UNKNOWN")) {
        inEnum.put(code.apply(constant), name.apply(constant));
      }
    }
    Map<Integer, String> inSpec = specCodes(schema);
    assertThat(inEnum)
        .as("%s disagrees with the spec's %s. The spec documents %s; the enum has %s. "
                + "Add, rename or remove constants in dsl/src/main/java/org/nlpearl4j/%s.java "
                + "so that each `code - Name` line has one constant.",
            type.getSimpleName(), schema, inSpec, inEnum, type.getSimpleName())
        .isEqualTo(inSpec);
  }

  @Test
  void leadStatusMatchesSpec() {
    assertMatches("eLeadStatusView", LeadStatus.class, LeadStatus::code, LeadStatus::apiName);
  }

  @Test
  void settableLeadStatusMatchesSpec() {
    assertMatches("eLeadStatusInputApi", SettableLeadStatus.class,
        SettableLeadStatus::code, SettableLeadStatus::apiName);
  }

  @Test
  void callStatusMatchesSpec() {
    assertMatches("eCallStatusView", CallStatus.class, CallStatus::code, CallStatus::apiName);
  }

  @Test
  void transcriptRoleMatchesSpec() {
    assertMatches("eChatMessageRoleView", TranscriptRole.class,
        TranscriptRole::code, TranscriptRole::apiName);
  }

  @Test
  void everySettableStatusIsALeadStatusWithTheSameCode() {
    for (SettableLeadStatus status : SettableLeadStatus.values()) {
      assertThat(status.toLeadStatus().code()).isEqualTo(status.code());
      assertThat(status.toLeadStatus().apiName()).isEqualTo(status.apiName());
    }
  }
}
