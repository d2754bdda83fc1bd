// Run once while berth/runtime-java is built, never by an app: the classes javac loads compiling
// it, and the JDK classes it loads running (the starter's shape: com.sun.net.httpserver answering
// one request, env, files, string concatenation, a shutdown hook), are recorded
// (-XX:DumpLoadedClassList) for the two CDS archives of the image. See its Dockerfile.
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

public class BerthCdsWarmup {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("BERTH_CDS_PORT", "0"));
        Path marker = Files.createTempFile("berth-cds", ".txt");
        Files.writeString(marker, "warm-up\n");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            String body = "<h1>Hello from Java " + Runtime.version() + "</h1>" + revision(marker);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        Thread hook = new Thread(() -> server.stop(0));
        Runtime.getRuntime().addShutdownHook(hook);
        server.start();
        System.out.println("listening on " + server.getAddress().getPort());
        try (Socket socket = new Socket("127.0.0.1", server.getAddress().getPort())) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            if (!head.startsWith("HTTP/1.1 200")) throw new IllegalStateException("warm-up request failed: " + head);
        }
        Runtime.getRuntime().removeShutdownHook(hook);
        server.stop(0);
        Files.delete(marker);
    }

    private static String revision(Path marker) {
        try {
            return Files.readString(marker).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
