package com.waybillguard.stack;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Sends a POSIX signal to a process of the stack with {@code kill}, for the fault tests (SIGSTOP, SIGCONT). */
final class Signals {

    private Signals() {
    }

    /**
     * Sends {@code signal} ({@code STOP}, {@code CONT}, ...) to {@code pid}.
     *
     * @throws IllegalStateException when {@code kill} fails (no such process)
     */
    static void send(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes()).trim();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + signal, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + signal + " to " + pid, e);
        }
    }
}
