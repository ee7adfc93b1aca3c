package com.batchtrain.runtime.preset;

import com.batchtrain.contract.preset.CalcloudColumns;
import com.batchtrain.runtime.data.TfRecordWriter;
import com.batchtrain.runtime.preset.CalcloudJob.Instrument;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic generator of calcloud-like job metadata. The same seed and row count always give
 * the same rows. Memory grows with the data volume, more so when drizzling and CTE correction run;
 * most jobs need under 2 GB and only a few percent need 16-64 GB, as in the HST pipeline. Columns:
 * {@link CalcloudColumns}.
 */
public final class CalcloudGenerator {
  private final Random random;

  public CalcloudGenerator(long seed) {
    // java.util.Random's sequence is specified by the JLS, so datasets are reproducible across JVMs.
    this.random = new Random(seed);
  }

  public CalcloudJob next() {
    double u = random.nextDouble();
    Instrument instrument = u < 0.30 ? Instrument.ACS : u < 0.70 ? Instrument.WFC3 : u < 0.85 ? Instrument.COS : Instrument.STIS;
    boolean imaging = instrument == Instrument.ACS || instrument == Instrument.WFC3;
    int detector = random.nextDouble() < (instrument == Instrument.ACS ? 0.2 : 0.4) ? 1 : 0;
    int dtype = random.nextDouble() < 0.55 ? 1 : 0;
    int nFiles = dtype == 0
        ? 1 + random.nextInt(4)
        : (int) Math.min(400, Math.max(2, Math.round(Math.exp(Math.log(8) + 1.0 * random.nextGaussian()))));
    // Large CCD frames: ACS/WFC and WFC3/UVIS; IR, SBC and the spectrographs write small files.
    boolean bigFrames = imaging && detector == 0;
    int subarray = bigFrames && random.nextDouble() < 0.25 ? 1 : 0;
    double perFileMb = switch (instrument) {
      case ACS -> detector == 0 ? 170 : 4;
      case WFC3 -> detector == 0 ? 170 : 15;
      case COS -> 30;
      case STIS -> 10;
    };
    if (subarray == 1) {
      perFileMb *= 0.25;
    }
    double totalMb = nFiles * perFileMb * Math.exp(0.3 * random.nextGaussian());
    int drizcorr = imaging && dtype == 1 && random.nextDouble() < 0.85 ? 1 : 0;
    int pctecorr = bigFrames && random.nextDouble() < 0.7 ? 1 : 0;
    double c = random.nextDouble();
    int crsplit = bigFrames || instrument == Instrument.STIS ? (c < 0.5 ? 0 : c < 0.8 ? 1 : 2) : 0;

    double gb = totalMb / 1024.0;
    double memory = (0.4 + gb * (0.8 + 2.0 * drizcorr + 1.2 * pctecorr) + 0.3 * crsplit)
        * Math.exp(0.12 * random.nextGaussian());
    memory = Math.min(63.5, Math.max(0.1, memory));
    double wallclock = (45 + 20.0 * nFiles * (1 + 2.0 * pctecorr) + 0.8 * totalMb * (1 + drizcorr) + 120.0 * crsplit)
        * Math.exp(0.2 * random.nextGaussian());
    wallclock = Math.min(172_800, wallclock);
    return new CalcloudJob(nFiles, round(totalMb, 3), drizcorr, pctecorr, crsplit, subarray, detector, dtype, instrument,
        round(memory, 4), round(wallclock, 1));
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  public void writeCsv(Path file, int rows) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(String.join(",", CalcloudColumns.COLUMNS));
      w.write('\n');
      StringBuilder line = new StringBuilder();
      for (int r = 0; r < rows; r++) {
        line.setLength(0);
        double[] v = next().values();
        for (int i = 0; i < v.length; i++) {
          if (i > 0) {
            line.append(',');
          }
          line.append(v[i] == Math.rint(v[i]) ? Long.toString((long) v[i]) : Double.toString(v[i]));
        }
        w.write(line.append('\n').toString());
      }
    }
  }

  /** Writes {@code shards} TFRecord files {@code part-NNNNN.tfrecord} with rows spread evenly. */
  public List<Path> writeTfRecords(Path dir, int rows, int shards) throws IOException {
    Files.createDirectories(dir);
    List<Path> files = new ArrayList<>();
    int written = 0;
    for (int s = 0; s < shards; s++) {
      Path file = dir.resolve(String.format("part-%05d.tfrecord", s));
      int n = (rows - written) / (shards - s);
      try (TfRecordWriter w = new TfRecordWriter(file, CalcloudColumns.COLUMNS)) {
        for (int r = 0; r < n; r++) {
          w.write(next().values());
        }
      }
      written += n;
      files.add(file);
    }
    return files;
  }
}
