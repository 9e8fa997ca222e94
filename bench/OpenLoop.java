import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop HTTP/1.1 load generator (JDK only): requests are due at evenly spaced instants ({@code rate} a second,
 * independent of how fast answers come), each taken by the next free one of {@code connections} keep-alive
 * connections, and a request's latency runs from the instant it was due, not from when a connection got to it, so
 * queueing is counted (no coordinated omission). Unlike {@code hey -q}, whose workers all fire on the same tick,
 * arrivals are spread evenly.
 *
 * <pre>
 * java bench/OpenLoop.java URL RATE SECONDS CONNECTIONS [HEADER...]
 * java bench/OpenLoop.java http://127.0.0.1:8080/api/User?userId=1 400 30 64 "Authorization: Basic YWRtaW46YWRtaW4="
 * </pre>
 *
 * Prints one line: {@code rate=<achieved req/s> ok=<2xx> errors=<other> p50=<ms> p90=<ms> p99=<ms> max=<ms>}.
 */
public class OpenLoop {

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: java OpenLoop.java URL RATE SECONDS CONNECTIONS [HEADER...]");
            System.exit(2);
        }
        URI url = URI.create(args[0]);
        double rate = Double.parseDouble(args[1]);
        double seconds = Double.parseDouble(args[2]);
        int connections = Integer.parseInt(args[3]);
        StringBuilder request = new StringBuilder("GET ")
                .append(url.getRawPath())
                .append(url.getRawQuery() == null ? "" : "?" + url.getRawQuery())
                .append(" HTTP/1.1\r\nHost: ")
                .append(url.getHost())
                .append(':')
                .append(url.getPort())
                .append("\r\n");
        for (int i = 4; i < args.length; i++) {
            request.append(args[i]).append("\r\n");
        }
        byte[] bytes = request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);

        int total = (int) Math.round(rate * seconds);
        // requests sent at the same rate before the counted ones and not counted (like wrk2's calibration): the first
        // seconds measure this JVM's own start (its JIT, 64 new connections), not the server
        String warmupSetting = System.getenv("OPENLOOP_WARMUP");
        double warmupSeconds =
                warmupSetting == null || warmupSetting.isBlank() ? 5 : Double.parseDouble(warmupSetting);
        int warm = (int) Math.round(rate * warmupSeconds);
        long[] latencies = new long[total];
        AtomicLong done = new AtomicLong();
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        BlockingQueue<long[]> due = new ArrayBlockingQueue<>(Math.max(warm + total, 1));
        CountDownLatch finished = new CountDownLatch(connections);
        for (int c = 0; c < connections; c++) {
            Thread.ofPlatform().daemon().start(() -> {
                Socket socket = null;
                InputStream in = null;
                try {
                    while (true) {
                        long[] job = due.poll(
                                (long) ((seconds + warmupSeconds) * 1000) + 30_000, TimeUnit.MILLISECONDS);
                        if (job == null || job[0] < 0) {
                            return;
                        }
                        int index = (int) job[1] - warm;
                        boolean counted = index >= 0;
                        try {
                            if (socket == null) {
                                socket = new Socket(url.getHost(), url.getPort());
                                socket.setTcpNoDelay(true);
                                in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
                            }
                            OutputStream out = socket.getOutputStream();
                            out.write(bytes);
                            out.flush();
                            int status = readResponse(in);
                            if (counted) {
                                (status >= 200 && status < 300 ? ok : errors).incrementAndGet();
                            }
                        } catch (IOException e) {
                            if (counted) {
                                errors.incrementAndGet();
                            }
                            closeQuietly(socket);
                            socket = null;
                        }
                        if (counted) {
                            latencies[index] = System.nanoTime() - job[0];
                            done.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    closeQuietly(socket);
                    finished.countDown();
                }
            });
        }

        long start = System.nanoTime() + 50_000_000L;
        double interval = 1_000_000_000d / rate;
        for (int i = 0; i < warm + total; i++) {
            long at = start + (long) (i * interval);
            long wait;
            while ((wait = at - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            due.add(new long[] {at, i});
        }
        for (int c = 0; c < connections; c++) {
            due.add(new long[] {-1, -1});
        }
        finished.await(60, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start - (long) (warm * interval)) / 1e9;

        long[] measured = Arrays.copyOf(latencies, (int) Math.min(done.get(), total));
        String dump = System.getenv("OPENLOOP_DUMP");
        if (dump != null && !dump.isBlank()) {
            // every request's latency in µs, in the order they were due: stalls show as runs of slow neighbours
            StringBuilder lines = new StringBuilder();
            for (long latency : measured) {
                lines.append(latency / 1_000).append('\n');
            }
            java.nio.file.Files.writeString(java.nio.file.Path.of(dump), lines);
        }
        Arrays.sort(measured);
        System.out.printf(
                "rate=%.1f ok=%d errors=%d p50=%.2f p90=%.2f p99=%.2f max=%.2f%n",
                done.get() / elapsed,
                ok.get(),
                errors.get() + (total - done.get()),
                percentile(measured, 0.50),
                percentile(measured, 0.90),
                percentile(measured, 0.99),
                measured.length == 0 ? 0 : measured[measured.length - 1] / 1e6);
    }

    /** Reads one response (Content-Length or chunked body) and answers its status. */
    static int readResponse(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        long length = -1;
        boolean chunked = false;
        for (String header; !(header = line(in)).isEmpty(); ) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            for (long size; (size = Long.parseLong(line(in).split(";")[0].trim(), 16)) > 0; ) {
                skip(in, size);
                line(in);
            }
            line(in);
        } else if (length > 0) {
            skip(in, length);
        }
        return status;
    }

    static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    static void skip(InputStream in, long n) throws IOException {
        while (n > 0) {
            long skipped = in.skip(n);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed");
                }
                skipped = 1;
            }
            n -= skipped;
        }
    }

    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
