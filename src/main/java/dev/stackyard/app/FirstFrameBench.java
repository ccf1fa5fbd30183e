package dev.stackyard.app;

/**
 * For the benchmark ({@code -Dstackyard.benchFirstFrame=true}): once the first frame after
 * {@code show()} has been drawn (the first pulse an animation timer sees), prints the JVM's uptime
 * as {@code first-frame-ms=N} and exits without touching any service.
 */
final class FirstFrameBench {
    private FirstFrameBench() {
    }

    /** Whether this run only measures the first frame. */
    static boolean requested() {
        return Boolean.getBoolean("stackyard.benchFirstFrame");
    }

    /** Arms the report. UI thread. */
    static void reportAndExit() {
        new javafx.animation.AnimationTimer() {
            @Override
            public void handle(long now) {
                stop();
                System.out.println("first-frame-ms=" + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
                System.out.flush();
                javafx.application.Platform.exit();
                Thread.ofPlatform().daemon(true).start(() -> System.exit(0));
            }
        }.start();
    }
}
