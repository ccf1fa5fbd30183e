package dev.stackyard.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;

/**
 * Notices that the X server went away (the session ended, Xvfb was killed, the display's socket
 * broke). Xlib then calls its "fatal I/O error" handler and exits the process from C, so no Java
 * shutdown hook runs and the services would be left running unsupervised. This installs our own
 * handler (Xlib's {@code XSetIOErrorHandler}, through the foreign-function API) that stops every
 * service first and then ends the JVM, exactly as Quit would. Xlib requires the handler not to
 * return, and it does not.
 *
 * <p>Only for a real X display (GTK glass); nothing is installed on the headless platform or when
 * libX11 is not loaded. Install it after every toolkit that sets its own handler (GDK, and AWT for
 * the XEmbed tray) has started: the last one set wins.
 */
final class DisplayWatch {
    private static final Logger log = LoggerFactory.getLogger(DisplayWatch.class);
    /** The upcall stub must outlive every X call: held for the JVM's life. */
    private static final Arena FOREVER = Arena.global();
    private static volatile Runnable onLost;
    private static volatile MemorySegment installed;
    private static final java.util.concurrent.atomic.AtomicBoolean LOST = new java.util.concurrent.atomic.AtomicBoolean();

    private DisplayWatch() {
    }

    /**
     * Installs the handler; {@code stopEverythingAndExit} runs on the thread that hit the error
     * (the toolkit's) and must end the process. Returns whether it is installed.
     */
    // Restricted on purpose: one Xlib call and one libc call, made only when the display is gone.
    @SuppressWarnings("restricted")
    static synchronized boolean install(Runnable stopEverythingAndExit) {
        onLost = stopEverythingAndExit;
        if (installed != null) {
            return true;
        }
        if (System.getenv("DISPLAY") == null || "headless".equals(System.getProperty("glass.platform"))) {
            return false;
        }
        Optional<SymbolLookup> x11 = libX11();
        if (x11.isEmpty()) {
            log.info("libX11 is not loaded: a lost display will not be noticed");
            return false;
        }
        try {
            Linker linker = Linker.nativeLinker();
            MemorySegment setter = x11.get().find("XSetIOErrorHandler").orElseThrow();
            MethodHandle set = linker.downcallHandle(setter,
                    FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS));
            MethodHandle target = MethodHandles.lookup().findStatic(DisplayWatch.class, "ioError",
                    MethodType.methodType(int.class, MemorySegment.class));
            MemorySegment stub = linker.upcallStub(target, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS),
                    FOREVER);
            MemorySegment previous = (MemorySegment) set.invokeExact(stub);
            installed = stub;
            log.info("watching the display connection (X I/O error handler installed, previous {})", previous);
            return true;
        } catch (Throwable e) { // invokeExact declares Throwable; nothing here may take the app down
            log.warn("cannot watch the display connection: {}", e.toString());
            return false;
        }
    }

    /**
     * {@code _exit(0)}: ends the process without atexit handlers. A JVM exit runs them, and the X
     * libraries' handlers touch the dead display, which calls this handler again, for ever.
     * Logback has written every line already (immediate flush).
     */
    @SuppressWarnings("restricted")
    private static void exitNow() {
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle exit = linker.downcallHandle(linker.defaultLookup().find("_exit").orElseThrow(),
                    FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
            exit.invokeExact(0);
        } catch (Throwable e) {
            Runtime.getRuntime().halt(0);
        }
    }

    @SuppressWarnings("restricted")
    private static Optional<SymbolLookup> libX11() {
        try {
            return Optional.of(SymbolLookup.libraryLookup("libX11.so.6", FOREVER));
        } catch (IllegalArgumentException | IllegalCallerException e) {
            return Optional.empty();
        }
    }

    /**
     * Xlib's fatal I/O error handler: must not return (Xlib would exit the process from C). Every
     * display connection of the process (GDK's, AWT's) ends up here; the first caller stops the
     * services and ends the process with {@code _exit(0)}; any other caller parks until then.
     */
    @SuppressWarnings({"unused", "InfiniteLoopStatement"}) // called from C
    private static int ioError(MemorySegment display) {
        if (LOST.compareAndSet(false, true)) {
            try {
                log.error("the connection to the display was lost: stopping every service and exiting");
                Runnable r = onLost;
                if (r != null) {
                    r.run();
                }
            } catch (Throwable e) { // an exception must never unwind into C
                log.error("stopping after the display was lost failed", e);
            }
            exitNow();
        }
        while (true) {
            java.util.concurrent.locks.LockSupport.park(); // never back into Xlib
        }
    }
}
