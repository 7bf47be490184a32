package dev.gantry.mongoserver;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * Gantry's embedded MongoDB wire-protocol server, built on mongo-java-server.
 *
 * <p>Contract with the parent process (scripts/lib/mongo-server.mjs):
 * <ul>
 *   <li>once bound, exactly one line
 *       {@code gantry-mongo-server listening on <host>:<port> backend=<memory|h2> [file=<path>]}
 *       is printed to stdout;</li>
 *   <li>on SIGTERM/SIGINT (or stdin EOF with {@code --exit-on-stdin-close}) the server and its
 *       backend are shut down cleanly - the H2 store loses recent writes otherwise - and
 *       {@code gantry-mongo-server stopped} is printed;</li>
 *   <li>errors go to stderr and the exit code is non-zero (2 for a bad command line).</li>
 * </ul>
 */
public final class Main {

    private static final String NAME = "gantry-mongo-server";

    private Main() {
    }

    public static void main(String[] args) {
        ServerOptions options;
        try {
            options = ServerOptions.parse(args);
        } catch (ServerOptions.UsageException e) {
            System.err.println(NAME + ": " + e.getMessage());
            System.err.println(ServerOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.println(ServerOptions.USAGE);
            return;
        }

        try {
            run(options);
        } catch (Throwable e) {
            System.err.println(NAME + ": failed to start: " + e);
            e.printStackTrace(System.err);
            System.exit(1);
        }
    }

    private static void run(ServerOptions options) throws IOException {
        MongoBackend backend = openBackend(options);
        backend.version(AnnouncedMongoVersion.MONGO_6_0);

        MongoServer server = new MongoServer(backend);
        try {
            server.bind(options.host, options.port);
        } catch (RuntimeException e) {
            closeQuietly(backend);
            throw e;
        }

        AtomicBoolean stopped = new AtomicBoolean(false);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, backend, stopped), NAME + "-shutdown"));

        InetSocketAddress address = server.getLocalAddress();
        StringBuilder line = new StringBuilder()
                .append(NAME).append(" listening on ")
                .append(options.host).append(':').append(address.getPort())
                .append(" backend=").append(options.backend.cliName());
        if (options.file != null) {
            line.append(" file=").append(options.file);
        }
        PrintStream out = System.out;
        out.println(line);
        out.flush();

        if (options.exitOnStdinClose) {
            watchStdin();
        }
        // Netty's event loop threads are non-daemon: the JVM stays up until the shutdown hook runs.
    }

    private static MongoBackend openBackend(ServerOptions options) throws IOException {
        switch (options.backend) {
            case MEMORY:
                return new MemoryBackend();
            case H2: {
                Path file = options.file;
                Path parent = file.getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                return new H2Backend(file.toString());
            }
            default:
                throw new IllegalStateException("unknown backend " + options.backend);
        }
    }

    /** Runs in the shutdown hook: stop accepting, close connections, then close (flush) the backend. */
    private static void stop(MongoServer server, MongoBackend backend, AtomicBoolean stopped) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        try {
            // shutdown() stops listening, closes client channels and then calls backend.close(),
            // which for H2 commits and closes the MVStore.
            server.shutdown();
        } catch (Throwable e) {
            System.err.println(NAME + ": error during shutdown: " + e);
            closeQuietly(backend);
        }
        System.out.println(NAME + " stopped");
        System.out.flush();
    }

    private static void closeQuietly(MongoBackend backend) {
        try {
            backend.close();
        } catch (Throwable e) {
            System.err.println(NAME + ": error closing backend: " + e);
        }
    }

    /**
     * Exits (running the shutdown hook) when stdin reaches EOF, so that a parent process that dies
     * without stopping us - a crashed test runner, say - does not leave an orphaned server behind.
     */
    private static void watchStdin() {
        Thread watcher = new Thread(() -> {
            InputStream in = System.in;
            byte[] buffer = new byte[256];
            try {
                while (in.read(buffer) != -1) {
                    // input is ignored; we only wait for end-of-file
                }
            } catch (IOException e) {
                // a broken stdin counts as closed
            }
            System.exit(0);
        }, NAME + "-stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }
}
