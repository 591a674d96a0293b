package org.nlpearl4j.benchmarks.pace;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws the harness's runs as a PNG with Java2D: for each server shape, the rate (rows finished per
 * second, over two-second windows) and the limit in flight over time, one line per setting.
 * Hand-written because it is one small chart: a plotting library would add more than it saves.
 */
final class PacePlot {
  private static final int PANEL_W = 560;
  private static final int PANEL_H = 300;
  private static final int MARGIN_L = 60;
  private static final int MARGIN_R = 20;
  private static final int MARGIN_T = 34;
  private static final int MARGIN_B = 44;
  private static final Color[] COLORS = {
    new Color(0xD62728), new Color(0x1F77B4), new Color(0x2CA02C), new Color(0x9467BD)
  };

  private PacePlot() {}

  static void write(Path file, List<PaceHarness.Run> runs, List<PaceHarness.Shape> shapes)
      throws IOException {
    int width = 2 * (PANEL_W + MARGIN_L + MARGIN_R);
    int height = shapes.size() * (PANEL_H + MARGIN_T + MARGIN_B);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    for (int row = 0; row < shapes.size(); row++) {
      PaceHarness.Shape shape = shapes.get(row);
      List<PaceHarness.Run> ofShape = new ArrayList<>();
      for (PaceHarness.Run run : runs) {
        if (run.shape() == shape) {
          ofShape.add(run);
        }
      }
      int top = row * (PANEL_H + MARGIN_T + MARGIN_B);
      double maxSeconds = 1;
      double maxRate = shape.rate() * 1.2;
      double maxLimit = 10;
      List<List<double[]>> rates = new ArrayList<>();
      List<List<double[]>> limits = new ArrayList<>();
      for (PaceHarness.Run run : ofShape) {
        List<double[]> rate = rates(run.points());
        List<double[]> limit = new ArrayList<>();
        for (PaceHarness.Point point : run.points()) {
          limit.add(new double[] {point.seconds(), point.limit()});
          maxLimit = Math.max(maxLimit, point.limit());
          maxSeconds = Math.max(maxSeconds, point.seconds());
        }
        for (double[] p : rate) {
          maxRate = Math.max(maxRate, p[1]);
        }
        rates.add(rate);
        limits.add(limit);
      }
      panel(g, 0, top, "rate, leads/s - sandbox " + shape.name(), maxSeconds, maxRate, rates,
          ofShape, shape.rate());
      panel(g, PANEL_W + MARGIN_L + MARGIN_R, top, "limit in flight - sandbox " + shape.name(),
          maxSeconds, maxLimit * 1.1, limits, ofShape, -1);
    }
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }

  /** Rows finished per second over two-second windows. */
  private static List<double[]> rates(List<PaceHarness.Point> points) {
    List<double[]> out = new ArrayList<>();
    for (int i = 2; i < points.size(); i++) {
      PaceHarness.Point a = points.get(i - 2);
      PaceHarness.Point b = points.get(i);
      if (b.seconds() > a.seconds()) {
        out.add(new double[] {b.seconds(), (b.finished() - a.finished()) / (b.seconds() - a.seconds())});
      }
    }
    return out;
  }

  private static void panel(Graphics2D g, int left, int top, String title, double maxX, double maxY,
      List<List<double[]>> series, List<PaceHarness.Run> runs, double reference) {
    int x0 = left + MARGIN_L;
    int y0 = top + MARGIN_T + PANEL_H;
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.setColor(Color.BLACK);
    g.drawString(title, x0, top + 20);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    double stepY = niceStep(maxY / 5);
    for (double y = 0; y <= maxY; y += stepY) {
      int py = y0 - (int) (y / maxY * PANEL_H);
      g.setColor(new Color(0xE0E0E0));
      g.drawLine(x0, py, x0 + PANEL_W, py);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.format(Locale.ROOT, "%.0f", y), left + 8, py + 4);
    }
    double stepX = niceStep(maxX / 8);
    for (double x = 0; x <= maxX; x += stepX) {
      int px = x0 + (int) (x / maxX * PANEL_W);
      g.setColor(new Color(0xE0E0E0));
      g.drawLine(px, y0, px, y0 - PANEL_H);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.format(Locale.ROOT, "%.0f", x), px - 6, y0 + 16);
    }
    g.drawString("seconds", x0 + PANEL_W / 2 - 20, y0 + 34);
    g.setColor(Color.BLACK);
    g.drawRect(x0, y0 - PANEL_H, PANEL_W, PANEL_H);
    if (reference > 0) {
      int py = y0 - (int) (reference / maxY * PANEL_H);
      g.setColor(Color.GRAY);
      g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
      g.drawLine(x0, py, x0 + PANEL_W, py);
      g.drawString("sandbox limit", x0 + PANEL_W - 80, py - 4);
    }
    for (int i = 0; i < series.size(); i++) {
      g.setColor(COLORS[i % COLORS.length]);
      g.setStroke(new BasicStroke(i == 0 ? 2.5f : 1.5f));
      List<double[]> points = series.get(i);
      for (int j = 1; j < points.size(); j++) {
        double[] a = points.get(j - 1);
        double[] b = points.get(j);
        g.drawLine(x0 + (int) (a[0] / maxX * PANEL_W), y0 - (int) (a[1] / maxY * PANEL_H),
            x0 + (int) (b[0] / maxX * PANEL_W), y0 - (int) (b[1] / maxY * PANEL_H));
      }
      g.setStroke(new BasicStroke(1f));
      int ly = y0 - PANEL_H + 16 + 15 * i;
      g.fillRect(x0 + 10, ly - 8, 14, 4);
      g.drawString("--concurrency " + runs.get(i).concurrency(), x0 + 30, ly - 2);
    }
  }

  private static double niceStep(double raw) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
    double n = raw / magnitude;
    return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * magnitude;
  }
}
