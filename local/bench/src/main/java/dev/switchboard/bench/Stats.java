package dev.switchboard.bench;

import java.util.List;

/** Nearest-rank percentiles of a set of measurements (milliseconds, counts); count 0 when nothing was measured. */
record Stats(int count, double min, double p50, double p95, double max) {

    static Stats of(List<Double> values) {
        if (values.isEmpty()) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        List<Double> sorted = values.stream().sorted().toList();
        return new Stats(sorted.size(), sorted.getFirst(), rank(sorted, 0.50), rank(sorted, 0.95), sorted.getLast());
    }

    private static double rank(List<Double> sorted, double q) {
        int index = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    boolean empty() {
        return count == 0;
    }

    String p50p95(String unit) {
        return empty() ? "not measured" : "%.1f / %.1f %s".formatted(p50, p95, unit);
    }
}
