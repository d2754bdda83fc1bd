// The warm javac of one app (lib/builds/warm-javac/): a JVM that keeps javac loaded and
// JIT-compiled between pushes, so a push compiles in a fraction of a cold `javac` run and the
// image build only copies the classes. Runs in the app's own compiler container: no network but
// loopback, read-only root, no capabilities, the app's sources only. `-proc:none`: javac runs no
// code from the repository (no annotation processors), so nothing of the app runs in here.
//
// One job per connection on 127.0.0.1:<port> (sent by `bash` through /dev/tcp from a docker exec):
//   request:  "BERTH-JAVAC 1 <files>\n", then per file "<bytes> <path>\n<bytes of UTF-8 source>"
//   response: "BERTH-JAVAC 1 OK|FAIL <classes> <diagnostic bytes>\n<diagnostics>", then per class
//             "<bytes> <binary name>\n<class file>"
// Exits after <idle seconds> without a job (the container is removed then: AutoRemove).
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

public final class BerthJavac {
    private static final int MAX_FILES = 20_000;
    private static final long MAX_REQUEST_BYTES = 256L * 1024 * 1024;
    private static final int WARMUP_ROUNDS = 20;
    private static final int JOB_READ_TIMEOUT_MS = 60_000;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int idleMs = Math.toIntExact(Long.parseLong(args[1]) * 1000);
        String classpath = args[2];
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
        // Until javac's hot paths are compiled by the JIT, a compile takes as long as a cold one.
        byte[] warmup = Files.readAllBytes(Path.of(args[3]));
        for (int i = 0; i < WARMUP_ROUNDS; i++) compile(javac, files, classpath, Map.of("Warmup" + i + "/BerthCdsWarmup.java", warmup));
        try (ServerSocket server = new ServerSocket(port, 4, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(idleMs);
            System.out.println("ready on 127.0.0.1:" + port);
            while (true) {
                Socket socket;
                try {
                    socket = server.accept();
                } catch (SocketTimeoutException idle) {
                    System.out.println("idle for " + args[1] + " s: exiting");
                    System.exit(0);
                    return;
                }
                try (socket) {
                    socket.setSoTimeout(JOB_READ_TIMEOUT_MS);
                    serve(javac, files, classpath, socket);
                } catch (Exception e) {
                    System.err.println("job failed: " + e);
                }
            }
        }
    }

    private static void serve(JavaCompiler javac, StandardJavaFileManager files, String classpath, Socket socket) throws IOException {
        InputStream in = new BufferedInputStream(socket.getInputStream());
        String[] head = readLine(in).split(" ");
        if (head.length != 3 || !head[0].equals("BERTH-JAVAC") || !head[1].equals("1")) throw new IOException("not a job");
        int count = Integer.parseInt(head[2]);
        if (count < 1 || count > MAX_FILES) throw new IOException("bad file count " + count);
        Map<String, byte[]> sources = new LinkedHashMap<>();
        long total = 0;
        for (int i = 0; i < count; i++) {
            String line = readLine(in);
            int space = line.indexOf(' ');
            int size = Integer.parseInt(line.substring(0, space));
            total += size;
            if (size < 0 || total > MAX_REQUEST_BYTES) throw new IOException("request too large");
            sources.put(line.substring(space + 1), in.readNBytes(size));
        }
        Result result = compile(javac, files, classpath, sources);
        OutputStream out = new BufferedOutputStream(socket.getOutputStream());
        byte[] diagnostics = result.diagnostics.getBytes(StandardCharsets.UTF_8);
        out.write(("BERTH-JAVAC 1 " + (result.ok ? "OK" : "FAIL") + " " + result.classes.size() + " " + diagnostics.length + "\n").getBytes(StandardCharsets.UTF_8));
        out.write(diagnostics);
        for (Map.Entry<String, ByteArrayOutputStream> c : result.classes.entrySet()) {
            out.write((c.getValue().size() + " " + c.getKey() + "\n").getBytes(StandardCharsets.UTF_8));
            c.getValue().writeTo(out);
        }
        out.flush();
    }

    private record Result(boolean ok, String diagnostics, Map<String, ByteArrayOutputStream> classes) {}

    private static Result compile(JavaCompiler javac, StandardJavaFileManager files, String classpath, Map<String, byte[]> sources) {
        Map<String, ByteArrayOutputStream> classes = new TreeMap<>();
        List<JavaFileObject> units = new ArrayList<>();
        StringBuilder unreadable = new StringBuilder();
        int errors = 0;
        for (Map.Entry<String, byte[]> source : sources.entrySet()) {
            try {
                units.add(new Source(source.getKey(), decode(source.getValue())));
            } catch (CharacterCodingException | URISyntaxException e) {
                unreadable.append("./").append(source.getKey()).append(": error: not readable as UTF-8 source (").append(e.getMessage()).append(")\n");
                errors++;
            }
        }
        if (errors > 0) return new Result(false, unreadable + (errors == 1 ? "1 error\n" : errors + " errors\n"), classes);
        ForwardingJavaFileManager<StandardJavaFileManager> memory = new ForwardingJavaFileManager<>(files) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                classes.put(className, bytes);
                return new SimpleJavaFileObject(URI.create("mem:///class"), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return bytes;
                    }
                };
            }
        };
        // No diagnostic listener: javac prints its diagnostics (and the error count) to `out`
        // exactly as the javac command does.
        StringWriter out = new StringWriter();
        List<String> options = List.of("-proc:none", "-encoding", "UTF-8", "-cp", classpath);
        boolean ok;
        try {
            ok = javac.getTask(out, memory, null, options, null, units).call();
        } catch (RuntimeException e) {
            return new Result(false, out + "error: javac stopped: " + e + "\n1 error\n", new TreeMap<>());
        }
        return new Result(ok, out.toString(), ok ? classes : new TreeMap<>());
    }

    private static String decode(byte[] bytes) throws CharacterCodingException {
        CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes));
        return chars.toString();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) throw new IOException("end of request");
            if (line.size() > 4096) throw new IOException("line too long");
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /** A source file held in memory, named as the javac command names it ("./src/Main.java"). */
    private static final class Source extends SimpleJavaFileObject {
        final String path;
        final String text;

        Source(String path, String text) throws URISyntaxException {
            super(new URI("mem", null, "/" + path, null), Kind.SOURCE);
            this.path = "./" + path;
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }

        @Override
        public String getName() {
            return path;
        }
    }
}
