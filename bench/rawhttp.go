package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"
)

// rawClient is one reader's connection to the server: HTTP/1.1 GETs
// written by hand and answers parsed by hand, kept alive. It does what the
// load needs and no more (status, whole body by Content-Length or chunks),
// at a fraction of net/http's CPU time a request: on a machine of two
// cores the load client and the server share, the client's time is the
// server's lost.
type rawClient struct {
	addr    string // host:port
	gzip    bool
	timeout time.Duration

	conn     net.Conn
	r        *bufio.Reader
	req      []byte
	location string // the last answer's Location header
}

func newRawClient(base string, gzip bool, timeout time.Duration) *rawClient {
	addr := base
	if len(addr) > 7 && addr[:7] == "http://" {
		addr = addr[7:]
	}
	return &rawClient{addr: addr, gzip: gzip, timeout: timeout}
}

func (c *rawClient) close() {
	if c.conn != nil {
		c.conn.Close()
		c.conn = nil
	}
}

// get asks for path and reads the whole answer, following redirections
// (as net/http's client does) up to 10; it returns the last status.
func (c *rawClient) get(path string) (int, error) {
	for range 10 {
		status, err := c.get1(path)
		if err != nil || status < 300 || status > 399 || c.location == "" {
			return status, err
		}
		path = c.location
		if i := strings.Index(path, "://"); i >= 0 { // an absolute address: its path on this server
			path = path[i+3:]
			if j := strings.IndexByte(path, '/'); j >= 0 {
				path = path[j:]
			} else {
				path = "/"
			}
		}
	}
	return 0, errors.New("too many redirections")
}

// get1 asks for path once. A connection the server closed before
// answering is opened again once.
func (c *rawClient) get1(path string) (int, error) {
	for attempt := 0; ; attempt++ {
		fresh := c.conn == nil
		if fresh {
			conn, err := net.DialTimeout("tcp", c.addr, c.timeout)
			if err != nil {
				return 0, err
			}
			c.conn = conn
			if c.r == nil {
				c.r = bufio.NewReaderSize(conn, 32<<10)
			} else {
				c.r.Reset(conn)
			}
		}
		status, err := c.roundTrip(path)
		if err == nil {
			return status, nil
		}
		c.close()
		if fresh || attempt > 0 || !errors.Is(err, errNoAnswer) {
			return 0, err
		}
	}
}

var errNoAnswer = errors.New("the connection closed before an answer")

func (c *rawClient) roundTrip(path string) (int, error) {
	c.conn.SetDeadline(time.Now().Add(c.timeout))
	c.req = append(c.req[:0], "GET "...)
	c.req = append(c.req, path...)
	c.req = append(c.req, " HTTP/1.1\r\nHost: "...)
	c.req = append(c.req, c.addr...)
	c.req = append(c.req, "\r\nUser-Agent: dhakira-bench\r\n"...)
	if c.gzip {
		c.req = append(c.req, "Accept-Encoding: gzip\r\n"...)
	}
	c.req = append(c.req, "\r\n"...)
	if _, err := c.conn.Write(c.req); err != nil {
		return 0, errNoAnswer
	}
	line, err := c.r.ReadSlice('\n')
	if err != nil {
		if err == io.EOF || len(line) == 0 {
			return 0, errNoAnswer
		}
		return 0, err
	}
	// "HTTP/1.1 200 OK"
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) {
		return 0, fmt.Errorf("bad status line %q", line)
	}
	status, err := strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, fmt.Errorf("bad status line %q", line)
	}
	length, chunked, closing := -1, false, false
	c.location = ""
	for {
		line, err := c.r.ReadSlice('\n')
		if err != nil {
			return 0, err
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			break
		}
		k, v, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			continue
		}
		v = bytes.TrimSpace(v)
		switch {
		case bytes.EqualFold(k, []byte("Content-Length")):
			if length, err = strconv.Atoi(string(v)); err != nil {
				return 0, fmt.Errorf("bad Content-Length %q", v)
			}
		case bytes.EqualFold(k, []byte("Transfer-Encoding")):
			chunked = bytes.EqualFold(v, []byte("chunked"))
		case bytes.EqualFold(k, []byte("Connection")):
			closing = bytes.EqualFold(v, []byte("close"))
		case bytes.EqualFold(k, []byte("Location")):
			c.location = string(v)
		}
	}
	switch {
	case chunked:
		err = c.readChunks()
	case length >= 0:
		_, err = c.r.Discard(length)
	default: // to the end of the connection
		_, err = io.Copy(io.Discard, c.r)
		closing = true
	}
	if err != nil {
		return 0, err
	}
	if closing {
		c.close()
	}
	return status, nil
}

func (c *rawClient) readChunks() error {
	for {
		line, err := c.r.ReadSlice('\n')
		if err != nil {
			return err
		}
		line = bytes.TrimRight(line, "\r\n")
		if i := bytes.IndexByte(line, ';'); i >= 0 {
			line = line[:i]
		}
		n, err := strconv.ParseInt(string(bytes.TrimSpace(line)), 16, 64)
		if err != nil {
			return fmt.Errorf("bad chunk size %q", line)
		}
		if n == 0 {
			// Trailers, then the empty line.
			for {
				line, err := c.r.ReadSlice('\n')
				if err != nil {
					return err
				}
				if len(bytes.TrimRight(line, "\r\n")) == 0 {
					return nil
				}
			}
		}
		if _, err := c.r.Discard(int(n) + 2); err != nil {
			return err
		}
	}
}
