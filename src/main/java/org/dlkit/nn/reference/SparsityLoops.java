package org.dlkit.nn.reference;

/** The KL sparsity penalty on rows of sigmoid activations a[n][j], written out unit by unit. */
public final class SparsityLoops {
    private SparsityLoops() {}

    /** ρ̂_j = (1/N) Σ_n a[n][j]: how often, on average, unit j is on. */
    public static double[] meanActivation(double[][] a) {
        double[] m = new double[a[0].length];
        for (double[] row : a) for (int j = 0; j < m.length; j++) m[j] += row[j] / a.length;
        return m;
    }

    /** β Σ_j [ρ log(ρ/ρ̂_j) + (1 − ρ) log((1 − ρ)/(1 − ρ̂_j))]. */
    public static double penalty(double[][] a, double rho, double beta) {
        double sum = 0;
        for (double r : meanActivation(a))
            sum += rho * Math.log(rho / r) + (1 - rho) * Math.log((1 - rho) / (1 - r));
        return beta * sum;
    }

    /** ∂penalty/∂a[n][j] = β (−ρ/ρ̂_j + (1 − ρ)/(1 − ρ̂_j)) / N, the same for every n. */
    public static double[][] gradient(double[][] a, double rho, double beta) {
        double[] r = meanActivation(a);
        double[][] g = new double[a.length][r.length];
        for (int n = 0; n < a.length; n++)
            for (int j = 0; j < r.length; j++)
                g[n][j] = beta * (-rho / r[j] + (1 - rho) / (1 - r[j])) / a.length;
        return g;
    }
}
