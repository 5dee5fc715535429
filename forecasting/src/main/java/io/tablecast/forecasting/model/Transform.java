package io.tablecast.forecasting.model;

/**
 * The space a model works in. Counts usually vary by multiples (a promotion doubles traffic at every hour), which
 * is additive after log1p; the square root steadies Poisson-like noise, whose spread grows with the count; loads that
 * swing by amounts are additive as they are. Selection tries several.
 */
public enum Transform {
    IDENTITY {
        @Override
        public double forward(double y) {
            return y;
        }

        @Override
        public double inverse(double z) {
            return z;
        }
    },
    SQRT {
        @Override
        public double forward(double y) {
            return Math.sqrt(Math.max(0, y));
        }

        @Override
        public double inverse(double z) {
            return z <= 0 ? 0 : z * z;
        }
    },
    LOG1P {
        @Override
        public double forward(double y) {
            return Math.log1p(Math.max(0, y));
        }

        @Override
        public double inverse(double z) {
            return Math.expm1(z);
        }
    };

    public abstract double forward(double y);

    public abstract double inverse(double z);

    public double[] forward(double[] y) {
        double[] z = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            z[i] = Double.isNaN(y[i]) ? Double.NaN : forward(y[i]);
        }
        return z;
    }
}
