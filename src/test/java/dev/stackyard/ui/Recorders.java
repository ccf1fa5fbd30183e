package dev.stackyard.ui;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/** Small test doubles for the view models' collaborators. */
final class Recorders {
    private Recorders() {
    }

    /** Collects reported errors. */
    static final class Errors implements ErrorReporter {
        final List<UserError> reported = new ArrayList<>();

        @Override
        public void report(UserError error) {
            reported.add(error);
        }
    }

    /** Records clipboard and browser use. */
    static final class Desktop implements DesktopActions {
        final List<String> copied = new ArrayList<>();
        final List<String> opened = new ArrayList<>();

        @Override
        public void copyToClipboard(String text) {
            copied.add(text);
        }

        @Override
        public void openInBrowser(String url) {
            opened.add(url);
        }
    }

    /** Holds background tasks until the test runs them: shows what the UI looks like meanwhile. */
    static final class HeldExecutor implements Executor {
        final Deque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            while (!tasks.isEmpty()) {
                tasks.poll().run();
            }
        }
    }

    /** Ports: everything free except what the test says. */
    static final class Ports implements PortProbe {
        final java.util.Map<Integer, String> taken = new java.util.HashMap<>();

        @Override
        public Optional<String> holder(int port) {
            return Optional.ofNullable(taken.get(port));
        }

        @Override
        public int findFree(int from) {
            int p = from;
            while (taken.containsKey(p)) {
                p++;
            }
            return p;
        }
    }
}
