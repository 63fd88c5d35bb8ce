package agentdesk

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// The queue stream's timing. The stream reads the store every
// streamPoll, so that it sees handoffs made and taken on any server
// sharing the database, and sends the queue only when it changed. A
// comment every streamKeepAlive keeps proxies from closing a quiet
// connection. After streamLifetime the stream ends and the browser
// reconnects, which signs the request in again: a signed-out or disabled
// agent stops receiving the queue within that time.
const (
	streamPoll      = time.Second
	streamKeepAlive = 15 * time.Second
	streamLifetime  = 5 * time.Minute
	streamRetry     = 2 * time.Second
)

// queueStream sends the queue as server-sent events: a "queue" event with
// the whole queue (queueJSONBody) on connect and whenever it changes, until
// the client goes away.
func (d *Desk) queueStream(c *gin.Context) {
	ctx := c.Request.Context()
	p := d.page(c, "queue.title")
	h := c.Writer.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx: pass events on at once
	c.Status(http.StatusOK)
	fmt.Fprintf(c.Writer, "retry: %d\n\n", streamRetry.Milliseconds())
	c.Writer.Flush()

	poll := time.NewTicker(streamPoll)
	defer poll.Stop()
	end := time.NewTimer(streamLifetime)
	defer end.Stop()
	s := &queueSender{w: c.Writer, lastWrite: time.Now()}
	for {
		items, err := d.queueItems(ctx, p)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			// A busy or briefly unreachable database: try again at the next
			// tick rather than drop every agent's stream.
			d.opts.Logger.Error("queue stream", "err", err)
		default:
			if err := s.send(d.opts.Now().UTC(), items); err != nil {
				return
			}
		}
		if err := s.keepAlive(); err != nil {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-end.C:
			return
		case <-poll.C:
		}
	}
}

// queueSender writes the events of one queue stream.
type queueSender struct {
	w         gin.ResponseWriter
	last      []byte // the items last sent, as JSON
	lastWrite time.Time
}

// send writes a "queue" event when the items differ from the last sent.
func (s *queueSender) send(now time.Time, items []queueItem) error {
	b, err := json.Marshal(items)
	if err != nil || bytes.Equal(b, s.last) {
		return err
	}
	s.last = b
	if err := writeQueueEvent(s.w, now, b); err != nil {
		return err
	}
	s.w.Flush()
	s.lastWrite = time.Now()
	return nil
}

// keepAlive writes a comment when nothing was written for a while.
func (s *queueSender) keepAlive() error {
	if time.Since(s.lastWrite) < streamKeepAlive {
		return nil
	}
	if _, err := io.WriteString(s.w, ": keep-alive\n\n"); err != nil {
		return err
	}
	s.w.Flush()
	s.lastWrite = time.Now()
	return nil
}

// writeQueueEvent writes one "queue" event: the time on the server, for
// the waiting times, and the items, already encoded as JSON (one line).
func writeQueueEvent(w io.Writer, now time.Time, items []byte) error {
	stamp, err := json.Marshal(now)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "event: queue\ndata: {\"now\":%s,\"items\":%s}\n\n", stamp, items)
	return err
}
