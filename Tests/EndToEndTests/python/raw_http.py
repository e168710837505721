"""Raw HTTP/1.1 over a socket, for tests that need what curl will not send."""
import socket


def get_status(port, path="/signingkeys/", timeout=10):
    """GET `path` on a new connection (Connection: close): the status code, or None."""
    good = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    good.sendall(b"GET " + path.encode() + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    response = b""
    while True:
        chunk = good.recv(65536)
        if not chunk:
            break
        response += chunk
    good.close()
    return int(response.split(b" ", 2)[1]) if response else None
