package io.citussafe.tests.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay in front of a PostgreSQL server that records every byte clients send, so a test can
 * compare what reaches the server through the driver under test with what pgjdbc alone sends.
 * The bytes are recorded before they are forwarded: once a statement has returned, everything it
 * sent is in the recording.
 *
 * <pre>{@code
 * try (WireRecorder recorder = WireRecorder.inFrontOf("127.0.0.1:5432")) {
 *   Connection c = DriverManager.getConnection("jdbc:postgresql://" + recorder.hostAndPort() + "/db");
 *   WireRecorder.Recording sent = recorder.last();
 * }
 * }</pre>
 */
public final class WireRecorder implements AutoCloseable {

  private final ServerSocket listener;
  private final String targetHost;
  private final int targetPort;
  private final List<Recording> recordings = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  private WireRecorder(ServerSocket listener, String targetHost, int targetPort) {
    this.listener = listener;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  /**
   * Starts relaying a free loopback port to {@code hostAndPort}.
   *
   * @throws UncheckedIOException if no port can be opened
   */
  public static WireRecorder inFrontOf(String hostAndPort) {
    int colon = hostAndPort.lastIndexOf(':');
    try {
      ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
      WireRecorder recorder = new WireRecorder(listener, hostAndPort.substring(0, colon),
          Integer.parseInt(hostAndPort.substring(colon + 1)));
      daemon("wire recorder accept", recorder::acceptLoop);
      return recorder;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not open a loopback port to record on", e);
    }
  }

  /** {@code 127.0.0.1:port} of the relay, for a URL in place of the server's. */
  public String hostAndPort() {
    return "127.0.0.1:" + listener.getLocalPort();
  }

  /** What the most recently opened connection sent: open one connection at a time to tell them apart. */
  public Recording last() {
    return recordings.get(recordings.size() - 1);
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(targetHost, targetPort);
        sockets.add(client);
        sockets.add(server);
        Recording recording = new Recording();
        // registered before the client can send anything the server answers
        recordings.add(recording);
        daemon("wire recorder client->server", () -> pump(client, server, recording));
        daemon("wire recorder server->client", () -> pump(server, client, null));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private static void pump(Socket from, Socket to, Recording recording) {
    byte[] buffer = new byte[65536];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        if (recording != null) {
          recording.append(buffer, n);
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // the other side closed: so does this one
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void daemon(String name, Runnable work) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // closing is best effort
    }
  }

  @Override
  public void close() {
    closeQuietly(listener);
    sockets.forEach(WireRecorder::closeQuietly);
  }

  /** The bytes one client connection sent, in order. */
  public static final class Recording {
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();

    synchronized void append(byte[] bytes, int length) {
      sent.write(bytes, 0, length);
    }

    /** How many bytes the connection sent so far: a mark to slice at between statements. */
    public synchronized int size() {
      return sent.size();
    }

    /** Everything sent so far. */
    public synchronized byte[] bytes() {
      return sent.toByteArray();
    }

    /** What was sent from {@code from} on. */
    public synchronized byte[] since(int from) {
      byte[] all = sent.toByteArray();
      byte[] slice = new byte[all.length - from];
      System.arraycopy(all, from, slice, 0, slice.length);
      return slice;
    }
  }

  /**
   * The query texts of the frontend messages in {@code messages} (bytes that start at a message
   * boundary after the startup), in order: each Parse message's and each simple Query's.
   */
  public static List<String> queryTexts(byte[] messages) {
    List<String> texts = new ArrayList<>();
    ByteBuffer buffer = ByteBuffer.wrap(messages);
    while (buffer.remaining() >= 5) {
      byte type = buffer.get();
      int length = buffer.getInt();
      int bodyStart = buffer.position();
      if (type == 'Q') {
        texts.add(cString(messages, bodyStart));
      } else if (type == 'P') {
        int afterName = indexOfNul(messages, bodyStart) + 1;
        texts.add(cString(messages, afterName));
      }
      buffer.position(bodyStart + length - 4);
    }
    return texts;
  }

  private static String cString(byte[] bytes, int from) {
    return new String(bytes, from, indexOfNul(bytes, from) - from, StandardCharsets.UTF_8);
  }

  private static int indexOfNul(byte[] bytes, int from) {
    int i = from;
    while (bytes[i] != 0) {
      i++;
    }
    return i;
  }
}
