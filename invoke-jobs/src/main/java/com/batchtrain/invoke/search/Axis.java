package com.batchtrain.invoke.search;

import com.batchtrain.invoke.spec.Distribution;
import com.batchtrain.invoke.spec.Parameter;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * A numeric parameter as a real interval [{@link #low}, {@link #high}] where its distribution is
 * uniform: the log of the value for {@code log_uniform}, and for integers the interval [v, v+1) of
 * reals that round down to v (so a draw uniform on the axis is the random method's draw). Models
 * (TPE's Parzen kernels, the GP's coordinates) live on the axis; {@link #value} turns an axis point
 * back into the parameter's raw value.
 */
final class Axis {
  /** Real draws are rounded to this many significant digits: readable tables, no loss that matters. */
  static final MathContext DRAW_PRECISION = new MathContext(6);

  private final Parameter parameter;
  private final boolean log;
  private final boolean integer;
  final double low;
  final double high;

  private Axis(Parameter parameter, boolean log, boolean integer, double low, double high) {
    this.parameter = parameter;
    this.log = log;
    this.integer = integer;
    this.low = low;
    this.high = high;
  }

  /** The axis of an integer or real range. */
  static Axis of(Parameter p) {
    if (p instanceof Parameter.IntRange r) {
      boolean log = r.distribution() == Distribution.LOG_UNIFORM;
      return log ? new Axis(p, true, true, Math.log(r.min()), Math.log(r.max() + 1.0))
          : new Axis(p, false, true, r.min(), r.max() + 1.0);
    }
    Parameter.FloatRange r = (Parameter.FloatRange) p;
    boolean log = r.distribution() == Distribution.LOG_UNIFORM;
    return log ? new Axis(p, true, false, Math.log(r.min()), Math.log(r.max()))
        : new Axis(p, false, false, r.min(), r.max());
  }

  double width() {
    return high - low;
  }

  /** The raw value at axis point {@code u}: a {@code Long} or a rounded {@code Double}, never outside the range. */
  Object value(double u) {
    double v = log ? Math.exp(u) : u;
    if (parameter instanceof Parameter.IntRange r) {
      // Clamped both ways: exp(log(min)) may come out a hair below min, and u may reach high.
      return Math.max(r.min(), Math.min(r.max(), (long) Math.floor(v)));
    }
    Parameter.FloatRange r = (Parameter.FloatRange) parameter;
    return Math.max(r.min(), Math.min(r.max(), round(v)));
  }

  /**
   * The axis point of a recorded value: a real as it is (in log space for log ranges), an integer at
   * the middle of its interval, so a kernel on it is centred on what it stands for. Clamped into the
   * axis: a trial recorded under a wider spec must not put a kernel outside it. NaN for what is no
   * number of this axis (a text, a non-positive value of a log range): the sampler skips it.
   */
  double point(Object value) {
    if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue()) || (log && n.doubleValue() <= 0)) {
      return Double.NaN;
    }
    double v = n.doubleValue();
    double u;
    if (integer) {
      u = log ? 0.5 * (Math.log(v) + Math.log(v + 1.0)) : v + 0.5;
    } else {
      u = log ? Math.log(v) : v;
    }
    return Math.max(low, Math.min(high, u));
  }

  static double round(double v) {
    return new BigDecimal(v).round(DRAW_PRECISION).doubleValue();
  }
}
