package dev.stackyard.app;

/** Entry point: a CLI command runs the command line, no arguments opens the window. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("Stackyard");
    }
}
