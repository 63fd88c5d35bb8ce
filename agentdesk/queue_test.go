package agentdesk_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/loket/loket"
)

// contactFormHandoff stores a handoff the way the help site's contact form
// does (faq/contact.go): channel web, the question, the contact details and
// the articles the customer was shown.
func contactFormHandoff(tb testing.TB, d *testDesk, question string) *loket.Handoff {
	tb.Helper()
	no := false
	h := &loket.Handoff{Channel: loket.ChannelWeb, Locale: "nl", Question: question, Reason: loket.ReasonContactForm,
		Contact: loket.Contact{Name: "Fatima de Vries", Email: "fatima@example.nl", Phone: "06-12345678"}, Session: "cid-1",
		Offered: []loket.Offer{
			{ArticleID: "energie/meterstand-doorgeven", Title: "Meterstand doorgeven", URL: "/nl/articles/energie/meterstand-doorgeven"},
			{ArticleID: "energie/slimme-meter", Title: "Slimme meter", URL: "/nl/articles/energie/slimme-meter", Helped: &no},
		}}
	if err := d.db.CreateHandoff(context.Background(), h); err != nil {
		tb.Fatal(err)
	}
	return h
}

// botHandoff stores a handoff the way the bot does (assistant/handoff.go):
// channel chat, the transcript, the cited articles, the conversation id.
func botHandoff(tb testing.TB, d *testDesk, question string) *loket.Handoff {
	tb.Helper()
	yes := true
	now := time.Now().UTC()
	h := &loket.Handoff{Channel: loket.ChannelChat, Locale: "nl", Question: question, Reason: loket.ReasonAskedPerson,
		Transcript: []loket.Turn{
			{Role: "customer", Text: question, Time: now.Add(-2 * time.Minute)},
			{Role: "bot", Text: "Je kunt je internet herstarten door de modem uit en aan te zetten.", Time: now.Add(-time.Minute)},
			{Role: "customer", Text: "Dat heb ik al gedaan, ik wil een medewerker", Time: now},
		},
		Offered:  []loket.Offer{{ArticleID: "internet/modem-herstarten", Title: "Modem herstarten", URL: "/nl/articles/internet/modem-herstarten", Helped: &yes}},
		External: "conv-" + strconv.FormatInt(now.UnixNano(), 36), Session: "conv"}
	if err := d.db.CreateHandoff(context.Background(), h); err != nil {
		tb.Fatal(err)
	}
	return h
}

func TestQueueListsHandoffsWithTheirContext(t *testing.T) {
	d := newTestDesk(t, nil)
	form := contactFormHandoff(t, d, "Hoe geef ik mijn meterstand door?")
	chat := botHandoff(t, d, "Mijn internet doet het niet")
	a := d.browser(t)
	a.signIn("anna")

	res, body := a.get("/agent/")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("queue: %d", res.StatusCode)
	}
	for _, want := range []string{
		"Hoe geef ik mijn meterstand door?", "Mijn internet doet het niet",
		"Contactformulier", "queue-channel-web", "Chat", "queue-channel-chat", "Nederlands",
		"Meterstand doorgeven", "Slimme meter", "hielp niet", "Modem herstarten", "hielp<", "niet gezegd of het hielp",
		`action="/agent/handoffs/` + strconv.FormatInt(form.ID, 10) + `/take"`, `name="csrf"`,
		"Sneltoetsen", "<kbd>j</kbd>", "<kbd>t</kbd>", `aria-live="polite"`, `href="/agent/"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("queue page lacks %q", want)
		}
	}
	if strings.Index(body, "meterstand door?") > strings.Index(body, "internet doet het niet") {
		t.Error("the older handoff is not listed first")
	}

	var q queueBody
	readQueueAPI(t, a, &q)
	if len(q.Items) != 2 || q.Items[0].ID != form.ID || q.Items[1].ID != chat.ID {
		t.Fatalf("queue API = %+v", q.Items)
	}
	f, c := q.Items[0], q.Items[1]
	if f.Channel != "web" || f.ChannelName != "Contactformulier" || f.Status != "waiting" || f.Language != "Nederlands" ||
		len(f.Offered) != 2 || f.Offered[0].Helped != "unknown" || f.Offered[1].Helped != "no" || f.Reason == "" {
		t.Errorf("contact form item = %+v", f)
	}
	if c.Channel != "chat" || len(c.Offered) != 1 || c.Offered[0].Helped != "yes" ||
		c.Offered[0].URL != "/agent/articles/nl/internet/modem-herstarten?handoff="+strconv.FormatInt(chat.ID, 10) {
		t.Errorf("chat item = %+v", c)
	}

	// Taken by a colleague, it moves to "in progress" with their name.
	e := d.browser(t)
	e.signIn("eva")
	if res, _ := e.post("/agent/handoffs/"+strconv.FormatInt(chat.ID, 10)+"/take", url.Values{"csrf": {e.token("/agent/")}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("take: %d", res.StatusCode)
	}
	_, body = a.get("/agent/")
	if !strings.Contains(body, "Opgepakt door eva") {
		t.Error("a taken handoff does not say who has it")
	}
	readQueueAPI(t, a, &q)
	if len(q.Items) != 2 || q.Items[1].Status != "taken" || q.Items[1].TakenBy != "eva" {
		t.Errorf("queue API after taking = %+v", q.Items)
	}
}

func TestQueuePriorityFirst(t *testing.T) {
	d := newTestDesk(t, nil)
	first := contactFormHandoff(t, d, "Eerste vraag")
	repeat := &loket.Handoff{Channel: loket.ChannelVoice, Locale: "nl", Question: "Ik bel voor de derde keer", Priority: 1, Reason: loket.ReasonRepeat}
	if err := d.db.CreateHandoff(t.Context(), repeat); err != nil {
		t.Fatal(err)
	}
	a := d.browser(t)
	a.signIn("anna")
	var q queueBody
	readQueueAPI(t, a, &q)
	if len(q.Items) != 2 || q.Items[0].ID != repeat.ID || q.Items[1].ID != first.ID {
		t.Fatalf("queue order = %+v", q.Items)
	}
	if q.Items[0].PriorityTag != "Herhaald contact" || q.Items[0].ChannelName != "Telefoon" {
		t.Errorf("repeat caller = %+v", q.Items[0])
	}
	if _, body := a.get("/agent/"); !strings.Contains(body, "queue-tag-priority") || !strings.Contains(body, "queue-channel-voice") {
		t.Error("the queue page does not mark the repeat caller")
	}
}

type queueBody struct {
	Now   time.Time   `json:"now"`
	Items []queueJSON `json:"items"`
}

type queueJSON struct {
	ID          int64  `json:"id"`
	URL         string `json:"url"`
	Status      string `json:"status"`
	Channel     string `json:"channel"`
	ChannelName string `json:"channelName"`
	Language    string `json:"language"`
	Reason      string `json:"reason"`
	PriorityTag string `json:"priorityTag"`
	Question    string `json:"question"`
	TakenBy     string `json:"takenBy"`
	Offered     []struct {
		ArticleID string `json:"articleId"`
		URL       string `json:"url"`
		Helped    string `json:"helped"`
	} `json:"offered"`
}

// queueEvents reads the queue stream's events until the test ends.
func queueEvents(tb testing.TB, a *agent) (<-chan queueBody, *http.Response) {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, a.base+"/agent/api/queue/stream", nil)
	res, err := a.client.Do(req)
	if err != nil {
		cancel()
		tb.Fatal(err)
	}
	events := make(chan queueBody, 16)
	done := make(chan struct{})
	tb.Cleanup(func() { cancel(); res.Body.Close(); <-done })
	go func() {
		defer close(done)
		defer close(events)
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(make([]byte, 64<<10), 4<<20)
		var name string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: ") && name == "queue":
				var q queueBody
				if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &q); err == nil {
					events <- q
				}
			case line == "":
				name = ""
			}
		}
	}()
	return events, res
}

func nextQueueEvent(tb testing.TB, events <-chan queueBody) queueBody {
	tb.Helper()
	select {
	case q, ok := <-events:
		if !ok {
			tb.Fatal("the stream ended")
		}
		return q
	case <-time.After(15 * time.Second):
		tb.Fatal("no queue event")
	}
	return queueBody{}
}

func TestQueueStream(t *testing.T) {
	d := newTestDesk(t, nil)
	first := contactFormHandoff(t, d, "Hoe geef ik mijn meterstand door?")
	a := d.browser(t)
	a.signIn("anna")
	events, res := queueEvents(t, a)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") || res.Header.Get("Content-Encoding") != "" {
		t.Fatalf("stream: %d %s %s", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Encoding"))
	}
	q := nextQueueEvent(t, events)
	if len(q.Items) != 1 || q.Items[0].ID != first.ID || q.Now.IsZero() {
		t.Fatalf("first event = %+v", q)
	}
	second := botHandoff(t, d, "Mijn internet doet het niet")
	q = nextQueueEvent(t, events)
	if len(q.Items) != 2 || q.Items[1].ID != second.ID || q.Items[1].Question != "Mijn internet doet het niet" {
		t.Fatalf("event after a new handoff = %+v", q)
	}
	// Taken on another server sharing the database: the stream reads the
	// store, so it sees it too.
	if _, err := d.db.TakeHandoff(t.Context(), first.ID, "eva"); err != nil {
		t.Fatal(err)
	}
	q = nextQueueEvent(t, events)
	if len(q.Items) != 2 || q.Items[1].ID != first.ID || q.Items[1].TakenBy != "eva" {
		t.Fatalf("event after taking = %+v", q)
	}
}

// TestTakeRace has two agents take the same handoff at the same moment,
// twenty times: each time exactly one gets it and the other is told who.
func TestTakeRace(t *testing.T) {
	d := newTestDesk(t, nil)
	anna, eva := d.browser(t), d.browser(t)
	tokens := map[*agent]string{anna: anna.signIn("anna"), eva: eva.signIn("eva")}
	for i := 0; i < 20; i++ {
		h := contactFormHandoff(t, d, "Vraag "+strconv.Itoa(i))
		path := "/agent/handoffs/" + strconv.FormatInt(h.ID, 10) + "/take"
		var (
			wg      sync.WaitGroup
			start   = make(chan struct{})
			mu      sync.Mutex
			results []int
			bodies  []string
		)
		for _, a := range []*agent{anna, eva} {
			wg.Add(1)
			go func(a *agent) {
				defer wg.Done()
				req, _ := http.NewRequest(http.MethodPost, a.base+path, strings.NewReader(url.Values{"csrf": {tokens[a]}}.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				<-start
				res, err := a.client.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				var b strings.Builder
				bufio.NewReader(res.Body).WriteTo(&b)
				res.Body.Close()
				mu.Lock()
				results, bodies = append(results, res.StatusCode), append(bodies, b.String())
				mu.Unlock()
			}(a)
		}
		close(start)
		wg.Wait()
		won, lost := 0, 0
		for j, s := range results {
			switch s {
			case http.StatusSeeOther:
				won++
			case http.StatusConflict:
				lost++
				if !strings.Contains(bodies[j], "Al opgepakt door") || !strings.Contains(bodies[j], `href="/agent/"`) {
					t.Errorf("round %d: the 409 page does not say who has it", i)
				}
			}
		}
		if won != 1 || lost != 1 {
			t.Fatalf("round %d: statuses %v, want one 303 and one 409", i, results)
		}
		got, err := d.db.FindHandoff(t.Context(), h.ID)
		if err != nil || got.Status != loket.HandoffTaken || (got.TakenBy != "anna" && got.TakenBy != "eva") {
			t.Fatalf("round %d: handoff = %+v, %v", i, got, err)
		}
	}
	events, err := d.db.FindEvents(t.Context(), loket.EventFilter{Type: loket.EventHandoff, Channel: loket.ChannelAgent})
	if err != nil || len(events) != 20 {
		t.Fatalf("%d take events, want 20 (%v)", len(events), err)
	}
	if e := events[0]; e.Data["action"] != "taken" || e.Data["handoff"] == "" || (e.Data["agent"] != "anna" && e.Data["agent"] != "eva") {
		t.Errorf("take event = %+v", e.Data)
	}
}

func TestTakeTwiceBySameAgentOpensIt(t *testing.T) {
	d := newTestDesk(t, nil)
	h := contactFormHandoff(t, d, "Dubbelklik")
	a := d.browser(t)
	csrf := a.signIn("anna")
	path := "/agent/handoffs/" + strconv.FormatInt(h.ID, 10)
	for i := 0; i < 2; i++ {
		if res, _ := a.post(path+"/take", url.Values{"csrf": {csrf}}); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != path {
			t.Errorf("take %d: %d %s", i, res.StatusCode, res.Header.Get("Location"))
		}
	}
	if res, _ := a.post("/agent/handoffs/999/take", url.Values{"csrf": {csrf}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("take of an unknown handoff: %d", res.StatusCode)
	}
}

// TestQueueFormsNeedTheToken posts every state-changing form of the queue
// without the CSRF token: each is refused and changes nothing.
func TestQueueFormsNeedTheToken(t *testing.T) {
	d := newTestDesk(t, nil)
	waiting := contactFormHandoff(t, d, "Wacht")
	taken := contactFormHandoff(t, d, "Opgepakt")
	e := d.browser(t)
	csrf := e.signIn("eva")
	takenPath := "/agent/handoffs/" + strconv.FormatInt(taken.ID, 10)
	if res, _ := e.post(takenPath+"/take", url.Values{"csrf": {csrf}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("take: %d", res.StatusCode)
	}
	flag := &loket.Flag{Agent: "anna", Kind: loket.FlagMissing, Locale: "nl", Note: "Niets over warmtepompen"}
	if err := d.db.CreateFlag(t.Context(), flag); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		form url.Values
	}{
		{"/agent/handoffs/" + strconv.FormatInt(waiting.ID, 10) + "/take", url.Values{}},
		{takenPath + "/wrapup", url.Values{"outcome": {"callback"}}},
		{"/agent/flags/" + strconv.FormatInt(flag.ID, 10) + "/resolve", url.Values{}},
	} {
		for _, token := range []string{"", "wrong-token"} {
			form := url.Values{"csrf": {token}}
			for k, v := range tc.form {
				form[k] = v
			}
			if res, _ := e.post(tc.path, form); res.StatusCode != http.StatusForbidden {
				t.Errorf("POST %s with token %q: %d, want 403", tc.path, token, res.StatusCode)
			}
		}
	}
	if h, _ := d.db.FindHandoff(t.Context(), waiting.ID); h.Status != loket.HandoffWaiting {
		t.Errorf("taken without a token: %+v", h)
	}
	if h, _ := d.db.FindHandoff(t.Context(), taken.ID); h.Status != loket.HandoffTaken {
		t.Errorf("closed without a token: %+v", h)
	}
	if flags, _ := d.db.FindFlags(t.Context(), loket.FlagFilter{Unresolved: true}); len(flags) != 1 {
		t.Errorf("flag resolved without a token")
	}
}

// readQueueAPI reads the queue API.
func readQueueAPI(tb testing.TB, a *agent, q *queueBody) {
	tb.Helper()
	res, body := a.get("/agent/api/queue")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		tb.Fatalf("queue API: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	*q = queueBody{}
	if err := json.Unmarshal([]byte(body), q); err != nil {
		tb.Fatal(err)
	}
}
