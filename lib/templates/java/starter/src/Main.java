// Berth Java starter: edit, commit and `git push` to deploy.
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

public class Main {
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        HttpServer server = HttpServer.create(new InetSocketAddress("0.0.0.0", port), 0);
        server.createContext("/", exchange -> {
            String body = "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Hello from Java</title></head>\n"
                + "<body style=\"font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto\">\n"
                + "  <h1>Hello from Java " + Runtime.version() + "</h1>\n"
                + "  <p>Running on Berth.</p>\n"
                + "  <p>Commit: <code>" + revision() + "</code></p>\n</body>\n</html>";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        // Stop accepting, give in-flight requests a second, then exit when Berth sends SIGTERM.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(1)));
        server.start();
        System.out.println("listening on " + port);
    }

    private static String revision() {
        try {
            return Files.readString(Path.of("/app/REVISION")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
