package dev.gantry.mongoserver;

import java.nio.file.Path;

/** Command-line options of the Gantry Mongo server; see {@link #USAGE}. */
final class ServerOptions {

    enum Backend {
        MEMORY, H2;

        String cliName() {
            return name().toLowerCase();
        }
    }

    static final String USAGE = String.join(System.lineSeparator(),
            "usage: java -jar gantry-mongo-server.jar [options]",
            "  --port N                 TCP port to listen on; 0 picks a free port (default 27017)",
            "  --host ADDRESS           address to bind (default 127.0.0.1)",
            "  --backend memory|h2      storage backend (default memory)",
            "  --file PATH              H2 store file (required with --backend h2; parent dirs are created)",
            "  --exit-on-stdin-close    shut down cleanly when standard input reaches end-of-file",
            "  --help                   print this help");

    /** Thrown for invalid command lines; the message is meant for the user. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    final int port;
    final String host;
    final Backend backend;
    final Path file;
    final boolean exitOnStdinClose;
    final boolean help;

    private ServerOptions(int port, String host, Backend backend, Path file, boolean exitOnStdinClose,
            boolean help) {
        this.port = port;
        this.host = host;
        this.backend = backend;
        this.file = file;
        this.exitOnStdinClose = exitOnStdinClose;
        this.help = help;
    }

    static ServerOptions parse(String[] args) throws UsageException {
        int port = 27017;
        String host = "127.0.0.1";
        Backend backend = Backend.MEMORY;
        Path file = null;
        boolean exitOnStdinClose = false;
        boolean help = false;

        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String inlineValue = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                inlineValue = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "--port": {
                    String value = inlineValue != null ? inlineValue : value(args, ++i, arg);
                    try {
                        port = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw new UsageException("--port expects a number, got '" + value + "'");
                    }
                    if (port < 0 || port > 65535) {
                        throw new UsageException("--port must be between 0 and 65535, got " + port);
                    }
                    break;
                }
                case "--host":
                    host = inlineValue != null ? inlineValue : value(args, ++i, arg);
                    if (host.isBlank()) {
                        throw new UsageException("--host must not be empty");
                    }
                    break;
                case "--backend": {
                    String value = inlineValue != null ? inlineValue : value(args, ++i, arg);
                    switch (value) {
                        case "memory":
                            backend = Backend.MEMORY;
                            break;
                        case "h2":
                            backend = Backend.H2;
                            break;
                        default:
                            throw new UsageException("--backend must be 'memory' or 'h2', got '" + value + "'");
                    }
                    break;
                }
                case "--file": {
                    String value = inlineValue != null ? inlineValue : value(args, ++i, arg);
                    if (value.isBlank()) {
                        throw new UsageException("--file must not be empty");
                    }
                    file = Path.of(value).toAbsolutePath().normalize();
                    break;
                }
                case "--exit-on-stdin-close":
                    exitOnStdinClose = true;
                    break;
                case "--help":
                case "-h":
                    help = true;
                    break;
                default:
                    throw new UsageException("unknown argument '" + args[i] + "'");
            }
        }

        if (!help) {
            if (backend == Backend.H2 && file == null) {
                throw new UsageException("--backend h2 requires --file PATH");
            }
            if (backend == Backend.MEMORY && file != null) {
                throw new UsageException("--file is only valid with --backend h2");
            }
        }
        return new ServerOptions(port, host, backend, file, exitOnStdinClose, help);
    }

    private static String value(String[] args, int index, String option) throws UsageException {
        if (index >= args.length) {
            throw new UsageException(option + " expects a value");
        }
        return args[index];
    }
}
