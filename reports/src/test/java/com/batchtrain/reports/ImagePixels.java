package com.batchtrain.reports;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/** Measures of how much an image actually shows, to tell a drawn chart from a blank canvas. */
public record ImagePixels(int width, int height, int nonBackground, int distinctColours, double lumaVariance) {
  public static ImagePixels of(Path png) throws IOException {
    BufferedImage image = ImageIO.read(png.toFile());
    if (image == null) {
      throw new IOException(png + " is not a readable image");
    }
    return of(image);
  }

  public static ImagePixels of(BufferedImage image) {
    int background = image.getRGB(0, 0);
    int nonBackground = 0;
    Set<Integer> colours = new HashSet<>();
    double sum = 0;
    double sumSq = 0;
    int n = image.getWidth() * image.getHeight();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        if (rgb != background) {
          nonBackground++;
        }
        colours.add(rgb & 0xFFFFFF);
        double luma = 0.299 * ((rgb >> 16) & 0xFF) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF);
        sum += luma;
        sumSq += luma * luma;
      }
    }
    double mean = sum / n;
    return new ImagePixels(image.getWidth(), image.getHeight(), nonBackground, colours.size(), sumSq / n - mean * mean);
  }

  public double nonBackgroundFraction() {
    return nonBackground / (double) (width * height);
  }

  /** Counts pixels close to {@code rgb} (each channel within {@code tolerance}). */
  public static int countNear(Path png, int rgb, int tolerance) throws IOException {
    BufferedImage image = ImageIO.read(png.toFile());
    int count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int p = image.getRGB(x, y);
        if (Math.abs(((p >> 16) & 0xFF) - ((rgb >> 16) & 0xFF)) <= tolerance
            && Math.abs(((p >> 8) & 0xFF) - ((rgb >> 8) & 0xFF)) <= tolerance
            && Math.abs((p & 0xFF) - (rgb & 0xFF)) <= tolerance) {
          count++;
        }
      }
    }
    return count;
  }
}
