package io.tablecast.job.tools;

/** A one-line progress display on standard error, redrawn at most a few times a second. */
final class Progress {
    private final String label;
    private final long total;
    private final long started = System.nanoTime();
    private long lastDraw;

    Progress(String label, long total) {
        this.label = label;
        this.total = total;
    }

    void update(long done) {
        long now = System.nanoTime();
        if (now - lastDraw > 250_000_000L) {
            lastDraw = now;
            draw(done, "\r");
        }
    }

    void done(long done) {
        draw(done, "\r");
        System.err.println();
    }

    private void draw(long done, String prefix) {
        double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        System.err.printf("%s%s: %d/%d (%.0f%%) %.0f records/s   ", prefix, label, done, total,
                total == 0 ? 100.0 : 100.0 * done / total, done / seconds);
        System.err.flush();
    }
}
