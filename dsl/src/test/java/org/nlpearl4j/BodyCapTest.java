package org.nlpearl4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nlpearl4j.internal.ExchangeCallAdapterFactory;

/**
 * A success body is read up to {@link ExchangeCallAdapterFactory#MAX_BODY} (1 MiB) and no further:
 * a larger one is refused as an unusable answer ({@link Delivery#ACCEPTED}) without being read, so
 * a garbled or hostile answer cannot exhaust a phone's memory.
 */
class BodyCapTest {
  private static final int CAP = (int) ExchangeCallAdapterFactory.MAX_BODY;
  /** What the streaming server offers: far more than any client should read. */
  private static final long OFFERED = 2L * 1024 * 1024 * 1024;
  /** Bytes a loopback connection can absorb in kernel buffers without the client reading them. */
  private static final long SOCKET_BUFFERS_BOUND = 64L * 1024 * 1024;

  @StartStop final MockWebServer server = new MockWebServer();
  private final ExecutorService serverThread = Executors.newSingleThreadExecutor();

  @AfterEach
  void stopServerThread() {
    serverThread.shutdownNow();
  }

  private NlPearl client(String baseUrl) {
    return NlPearl.builder().token(TestSupport.TOKEN).baseUrl(baseUrl)
        .retryScheduler(Schedulers.computation()).build();
  }

  private static NlPearlException addFails(NlPearl client) throws InterruptedException {
    TestObserver<String> observer = client.outbound("out-1")
        .addLead(lead -> lead.phoneNumber("+14155550123")).test();
    assertThat(observer.await(30, TimeUnit.SECONDS)).as("terminated").isTrue();
    observer.assertNoValues();
    Throwable error = TestSupport.errorOf(observer);
    assertThat(error).isInstanceOf(UnexpectedResponseException.class);
    return (NlPearlException) error;
  }

  /** {"leadId":"lead-1"} padded with spaces (valid JSON) to exactly {@code size} bytes. */
  private static String paddedAnswer(int size) {
    String json = "{\"leadId\":\"lead-1\"}";
    char[] padding = new char[size - json.length()];
    Arrays.fill(padding, ' ');
    return json + new String(padding);
  }

  @Test
  void aBodyOfExactlyTheCapIsRead() {
    server.enqueue(new MockResponse.Builder().code(200).body(paddedAnswer(CAP)).build());

    String leadId = client(server.url("/").toString()).outbound("out-1")
        .addLead(lead -> lead.phoneNumber("+14155550123")).blockingGet();

    assertThat(leadId).isEqualTo("lead-1");
  }

  @Test
  void aBodyOneByteOverTheCapIsRefusedByItsContentLength() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body(paddedAnswer(CAP + 1)).build());

    NlPearlException error = addFails(client(server.url("/").toString()));

    assertThat(error.getDelivery()).isEqualTo(Delivery.ACCEPTED);
    assertThat(error.getMessage()).contains("the body is " + (CAP + 1) + " bytes (Content-Length)")
        .contains("it was not read");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aChunkedBodyOneByteOverTheCapIsRefused() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200)
        .chunkedBody(paddedAnswer(CAP + 1), 8192).build());

    NlPearlException error = addFails(client(server.url("/").toString()));

    assertThat(error.getDelivery()).isEqualTo(Delivery.ACCEPTED);
    assertThat(error.getMessage()).contains("larger than the " + CAP + " bytes");
  }

  @Test
  void aCompressedBodyThatInflatesPastTheCapIsRefused() throws Exception {
    // 64 MiB of spaces gzip to about 64 KiB; OkHttp inflates it transparently.
    Buffer gzipped = new Buffer();
    try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped.outputStream())) {
      gzip.write("{\"leadId\":\"lead-1\"}".getBytes(StandardCharsets.UTF_8));
      byte[] spaces = new byte[1024 * 1024];
      Arrays.fill(spaces, (byte) ' ');
      for (int i = 0; i < 64; i++) {
        gzip.write(spaces);
      }
    }
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Encoding", "gzip")
        .body(gzipped).build());

    NlPearlException error = addFails(client(server.url("/").toString()));

    assertThat(error.getDelivery()).isEqualTo(Delivery.ACCEPTED);
    assertThat(error.getMessage()).contains("larger than the " + CAP + " bytes");
  }

  @Test
  void aHugeDeclaredBodyIsRefusedWithoutBeingRead() throws Exception {
    StreamingServer streaming = new StreamingServer(true);
    Future<Long> written = serverThread.submit(streaming);

    NlPearlException error = addFails(client(streaming.url()));

    assertThat(error.getDelivery()).isEqualTo(Delivery.ACCEPTED);
    assertThat(error.getMessage()).contains("the body is " + OFFERED + " bytes (Content-Length)");
    // The client dropped the connection: the server stops well short of what it offered.
    assertThat(written.get(30, TimeUnit.SECONDS)).isLessThan(SOCKET_BUFFERS_BOUND);
  }

  @Test
  void aHugeChunkedBodyIsRefusedAfterTheCap() throws Exception {
    StreamingServer streaming = new StreamingServer(false);
    Future<Long> written = serverThread.submit(streaming);

    NlPearlException error = addFails(client(streaming.url()));

    assertThat(error.getDelivery()).isEqualTo(Delivery.ACCEPTED);
    assertThat(error.getMessage()).contains("larger than the " + CAP + " bytes");
    assertThat(written.get(30, TimeUnit.SECONDS)).isLessThan(SOCKET_BUFFERS_BOUND);
  }

  @Test
  void aHugeErrorBodyIsOnlyPeekedAt() throws Exception {
    StreamingServer streaming = new StreamingServer(true, 500);
    Future<Long> written = serverThread.submit(streaming);

    TestObserver<String> observer = client(streaming.url()).toBuilder()
        .retryPolicy(RetryPolicy.none()).build().outbound("out-1")
        .addLead(lead -> lead.phoneNumber("+14155550123")).test();
    assertThat(observer.await(30, TimeUnit.SECONDS)).isTrue();

    Throwable error = TestSupport.errorOf(observer);
    assertThat(error).isInstanceOf(ServerException.class);
    assertThat(((ServerException) error).getDelivery()).isEqualTo(Delivery.UNKNOWN);
    assertThat(written.get(30, TimeUnit.SECONDS)).isLessThan(SOCKET_BUFFERS_BOUND);
  }

  /**
   * A one-connection HTTP/1.1 server that answers with an endless stream of spaces (with a huge
   * Content-Length, or chunked) and returns how many body bytes it managed to write before the
   * client closed the connection.
   */
  private static final class StreamingServer implements java.util.concurrent.Callable<Long> {
    private final ServerSocket socket;
    private final boolean contentLength;
    private final int status;

    StreamingServer(boolean contentLength) throws IOException {
      this(contentLength, 200);
    }

    StreamingServer(boolean contentLength, int status) throws IOException {
      this.socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      this.contentLength = contentLength;
      this.status = status;
    }

    String url() {
      return "http://127.0.0.1:" + socket.getLocalPort() + "/";
    }

    @Override
    public Long call() throws IOException {
      try (ServerSocket listening = socket; Socket connection = listening.accept()) {
        readRequest(connection.getInputStream());
        OutputStream out = connection.getOutputStream();
        String head = "HTTP/1.1 " + status + " Whatever\r\nContent-Type: application/json\r\n"
            + (contentLength ? "Content-Length: " + OFFERED : "Transfer-Encoding: chunked")
            + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        byte[] spaces = new byte[64 * 1024];
        Arrays.fill(spaces, (byte) ' ');
        byte[] chunkHeader = (Integer.toHexString(spaces.length) + "\r\n")
            .getBytes(StandardCharsets.US_ASCII);
        byte[] crlf = {'\r', '\n'};
        long written = 0;
        try {
          while (written < OFFERED) {
            if (!contentLength) {
              out.write(chunkHeader);
            }
            out.write(spaces);
            if (!contentLength) {
              out.write(crlf);
            }
            written += spaces.length;
          }
        } catch (IOException clientClosed) {
          // expected: the client refused the body and dropped the connection
        }
        return written;
      }
    }

    /** Reads the request line, headers and body (by its Content-Length). */
    private static void readRequest(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0;
      byte[] end = {'\r', '\n', '\r', '\n'};
      while (matched < end.length) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("request ended early");
        }
        head.write(b);
        matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      long length = 0;
      for (String line : head.toString("US-ASCII").split("\r\n")) {
        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
          length = Long.parseLong(line.substring("content-length:".length()).trim());
        }
      }
      for (long i = 0; i < length; i++) {
        if (in.read() < 0) {
          throw new IOException("request body ended early");
        }
      }
    }
  }
}
