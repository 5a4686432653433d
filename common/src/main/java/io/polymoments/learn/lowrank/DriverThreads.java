package io.polymoments.learn.lowrank;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A bounded pool of driver threads for the independent pieces of a low-rank fit (Levenberg–Marquardt restarts,
 * Step A's multi-starts). Every task is a function of its inputs alone and callers take the results in submission
 * order, so a fit is the same whatever the thread count. With one thread, tasks run on the calling thread as they are
 * submitted. The CPU time of tasks run on pool threads is added per step to {@link #poolCpuNanos()} (the calling
 * thread measures its own); read it after {@link #close()}.
 */
final class DriverThreads implements AutoCloseable {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final ExecutorService pool;
    private final int size;
    private final AtomicLongArray poolCpu = new AtomicLongArray(4);

    /** @param threads pool size; 1 or less: run every task on the calling thread */
    DriverThreads(int threads) {
        size = Math.max(1, threads);
        pool = threads <= 1 ? null : Executors.newFixedThreadPool(threads, task -> {
            Thread t = new Thread(task, "lowrank-driver");
            t.setDaemon(true);
            return t;
        });
    }

    /** Number of threads that run tasks. */
    int size() {
        return size;
    }

    /** CPU time of the current thread in nanoseconds (0 where the JVM cannot measure it). */
    static long threadCpuNanos() {
        long t = THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
        return Math.max(t, 0);
    }

    /** Starts {@code task}, charging its CPU time to {@code step} (0..3 = Step A..D) when it runs on a pool thread. */
    <T> Future<T> submit(int step, Callable<T> task) {
        if (pool == null) {
            try {
                return CompletableFuture.completedFuture(task.call());
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return pool.submit(() -> {
            long c0 = threadCpuNanos();
            try {
                return task.call();
            } finally {
                poolCpu.addAndGet(step, threadCpuNanos() - c0);
            }
        });
    }

    /** Runs every task and returns the results in task order. */
    <T> List<T> map(int step, List<? extends Callable<T>> tasks) {
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> t : tasks) {
            futures.add(submit(step, t));
        }
        List<T> out = new ArrayList<>();
        for (Future<T> f : futures) {
            out.add(get(f));
        }
        return out;
    }

    /** The task's result; its exception unwrapped. */
    static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a driver thread", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** CPU nanoseconds of pool tasks per step {A, B, C, D}. */
    long[] poolCpuNanos() {
        long[] out = new long[4];
        for (int i = 0; i < 4; i++) {
            out[i] = poolCpu.get(i);
        }
        return out;
    }

    /** Waits for every task (abandoned ones end at their next step), so that no work outlives the fit. */
    @Override
    public void close() {
        if (pool == null) {
            return;
        }
        pool.shutdown();
        try {
            while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                // a task is still working: keep waiting, its CPU time belongs to this fit
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
