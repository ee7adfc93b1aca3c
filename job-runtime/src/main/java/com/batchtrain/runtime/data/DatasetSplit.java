package com.batchtrain.runtime.data;

import com.batchtrain.contract.ModelSpec.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic train/validation/test partition of row indices, a function of the seed and the
 * dataset only. Classification splits are stratified, so a rare class (the 16-64 GB memory bin)
 * appears in every part in proportion instead of by luck.
 */
public record DatasetSplit(int[] train, int[] validation, int[] test) {
  public static final double VALIDATION_FRACTION = 0.15;
  public static final double TEST_FRACTION = 0.15;

  public static DatasetSplit of(Dataset data, long seed) {
    List<int[]> groups = new ArrayList<>();
    if (data.columns().task() == Task.CLASSIFICATION) {
      int[] labels = data.labels();
      for (int c = 0; c < data.columns().classes(); c++) {
        final int cls = c;
        groups.add(java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == cls).toArray());
      }
    } else {
      groups.add(java.util.stream.IntStream.range(0, data.rows()).toArray());
    }
    SplittableRandom random = new SplittableRandom(seed);
    IntList train = new IntList();
    IntList val = new IntList();
    IntList test = new IntList();
    for (int[] group : groups) {
      shuffle(group, random);
      int nTest = (int) Math.round(group.length * TEST_FRACTION);
      int nVal = (int) Math.round(group.length * VALIDATION_FRACTION);
      for (int i = 0; i < group.length; i++) {
        (i < nTest ? test : i < nTest + nVal ? val : train).add(group[i]);
      }
    }
    if (train.size == 0 || val.size == 0 || test.size == 0) {
      throw new BadDataException("dataset has " + data.rows() + " rows: too few for a train/validation/test split");
    }
    // Sorted parts keep file order inside each part; training shuffles per epoch anyway.
    return new DatasetSplit(train.sorted(), val.sorted(), test.sorted());
  }

  static void shuffle(int[] a, SplittableRandom random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  private static final class IntList {
    int[] values = new int[16];
    int size;

    void add(int v) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    int[] sorted() {
      int[] out = java.util.Arrays.copyOf(values, size);
      java.util.Arrays.sort(out);
      return out;
    }
  }
}
