package com.batchtrain.runtime.preset;

/**
 * One synthetic HST calibration job: the metadata calcloud's models predict from, and the
 * resources it "used". See docs/job-runtime.md for how each target depends on the features.
 */
public record CalcloudJob(
    int nFiles,
    double totalMb,
    int drizcorr,
    int pctecorr,
    int crsplit,
    int subarray,
    int detector,
    int dtype,
    Instrument instrument,
    double memoryGb,
    double wallclockSeconds) {

  public enum Instrument { ACS, WFC3, COS, STIS }

  /** Upper bounds (exclusive, GB) of the memory bins; the last bin ends at 64 GB. */
  public static final double[] MEMORY_BIN_EDGES = {2, 8, 16, 64};

  public int memoryBin() {
    for (int i = 0; i < MEMORY_BIN_EDGES.length; i++) {
      if (memoryGb < MEMORY_BIN_EDGES[i]) {
        return i;
      }
    }
    return MEMORY_BIN_EDGES.length - 1;
  }

  /** Values in the order of {@link com.batchtrain.contract.preset.CalcloudColumns#COLUMNS}. */
  public double[] values() {
    return new double[] {
        nFiles, totalMb, drizcorr, pctecorr, crsplit, subarray, detector, dtype,
        instrument == Instrument.ACS ? 1 : 0,
        instrument == Instrument.WFC3 ? 1 : 0,
        instrument == Instrument.COS ? 1 : 0,
        instrument == Instrument.STIS ? 1 : 0,
        memoryGb, memoryBin(), wallclockSeconds};
  }
}
