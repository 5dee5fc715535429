package io.tablecast.forecasting.model;

/**
 * The space a model works in. Counts usually vary by multiples (a promotion doubles traffic at every hour), which
 * is additive after log1p; the square root steadies Poisson-like noise, whose spread grows with the count; loads that
 * swing by amounts are additive as they are. Selection tries several.
 *
 * <p>One switch rather than a method body per constant: validation calls these hundreds of thousands of times per
 * fit from the same call sites, which the JIT inlines only when they are not virtual. LOG1P uses log(1 + y) and
 * exp(z) − 1 rather than log1p and expm1: exp and log compile to intrinsics, the others run several times slower,
 * and their extra precision near zero is below 1e-15 of a count.
 */
public enum Transform {
    IDENTITY,
    SQRT,
    LOG1P;

    public double forward(double y) {
        switch (this) {
            case SQRT:
                return Math.sqrt(Math.max(0, y));
            case LOG1P:
                return Math.log(1 + Math.max(0, y));
            default:
                return y;
        }
    }

    public double inverse(double z) {
        switch (this) {
            case SQRT:
                return z <= 0 ? 0 : z * z;
            case LOG1P:
                return Math.exp(z) - 1;
            default:
                return z;
        }
    }

    /**
     * The spread Poisson counts with the given mean have in this space (by the delta method, at a mean of at least
     * one: below that a count is mostly 0 or 1, and this is an upper figure): the least noise a count series has.
     */
    public double poissonSd(double mean) {
        double m = Math.max(1, mean);
        switch (this) {
            case SQRT:
                return 0.5;
            case LOG1P:
                return Math.sqrt(m) / (1 + m);
            default:
                return Math.sqrt(m);
        }
    }

    public double[] forward(double[] y) {
        double[] z = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            z[i] = Double.isNaN(y[i]) ? Double.NaN : forward(y[i]);
        }
        return z;
    }
}
