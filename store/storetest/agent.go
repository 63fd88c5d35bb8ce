package storetest

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/loket/loket"
)

// Agents is what a store must implement for the agent panel.
type Agents interface {
	loket.UserStore
	loket.HandoffStore
	loket.FlagStore
	loket.LinkStore
}

// AgentStore runs the conformance suite for the agent panel's stores: users
// and sessions, taking and closing handoffs, flags and short links. open
// must return a new, empty store on every call.
func AgentStore(t *testing.T, open func(tb testing.TB) Agents) {
	t.Run("Users", func(t *testing.T) { testUsers(t, open(t)) })
	t.Run("SignIns", func(t *testing.T) { testSignIns(t, open(t)) })
	t.Run("Sessions", func(t *testing.T) { testSessions(t, open(t)) })
	t.Run("TakeRace", func(t *testing.T) { testTakeRace(t, open(t)) })
	t.Run("WrapUp", func(t *testing.T) { testWrapUp(t, open(t)) })
	t.Run("Flags", func(t *testing.T) { testFlags(t, open(t)) })
	t.Run("ShortLinks", func(t *testing.T) { testShortLinks(t, open(t)) })
}

func createUser(tb testing.TB, s Agents, name string, role loket.Role) *loket.User {
	tb.Helper()
	u := &loket.User{Name: name, Role: role}
	if err := s.CreateUser(context.Background(), u, "hash-"+name); err != nil {
		tb.Fatal(err)
	}
	return u
}

func testUsers(t *testing.T, s Agents) {
	ctx := context.Background()
	u := createUser(t, s, "anna", loket.RoleAgent)
	if u.ID == 0 || u.CreatedAt.IsZero() {
		t.Errorf("user = %+v", u)
	}
	createUser(t, s, "bob.de-vries@helder.example", loket.RoleEditor)
	for _, bad := range []*loket.User{{Name: "anna", Role: loket.RoleAgent}, {Name: "x", Role: loket.RoleAgent}, {Name: "carla", Role: "boss"}, {Name: "bad name", Role: loket.RoleAgent}} {
		if err := s.CreateUser(ctx, bad, "h"); err == nil {
			t.Errorf("CreateUser(%+v) succeeded", bad)
		}
	}
	got, hash, err := s.FindUserByName(ctx, "anna")
	if err != nil || got.ID != u.ID || got.Role != loket.RoleAgent || hash != "hash-anna" {
		t.Errorf("FindUserByName = %+v %q %v", got, hash, err)
	}
	if _, _, err := s.FindUserByName(ctx, "nobody"); loket.ErrorCode(err) != loket.ENOTFOUND {
		t.Errorf("unknown user: %v", err)
	}
	if err := s.SetPassword(ctx, "anna", "new-hash"); err != nil {
		t.Fatal(err)
	}
	if _, hash, _ := s.FindUserByName(ctx, "anna"); hash != "new-hash" {
		t.Errorf("password not changed: %q", hash)
	}
	if err := s.SetDisabled(ctx, "anna", true); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.FindUser(ctx, u.ID); !got.Disabled {
		t.Error("not disabled")
	}
	if err := s.SetDisabled(ctx, "nobody", true); loket.ErrorCode(err) != loket.ENOTFOUND {
		t.Errorf("disable unknown: %v", err)
	}
	users, err := s.ListUsers(ctx)
	if err != nil || len(users) != 2 || users[0].Name != "anna" {
		t.Errorf("ListUsers = %v, %v", users, err)
	}
}

func testSignIns(t *testing.T, s Agents) {
	ctx := context.Background()
	u := createUser(t, s, "anna", loket.RoleAgent)
	until := time.Now().Add(loket.LockoutDuration).UTC().Truncate(time.Microsecond)
	for i := 0; i < loket.MaxFailedSignIns-1; i++ {
		s.RecordSignIn(ctx, u.ID, false, until)
	}
	if got, _ := s.FindUser(ctx, u.ID); got.Failed != loket.MaxFailedSignIns-1 || !got.LockedUntil.IsZero() {
		t.Errorf("after %d failures: %+v", loket.MaxFailedSignIns-1, got)
	}
	s.RecordSignIn(ctx, u.ID, false, until)
	if got, _ := s.FindUser(ctx, u.ID); !got.LockedUntil.Equal(until) {
		t.Errorf("locked until %v, want %v", got.LockedUntil, until)
	}
	s.RecordSignIn(ctx, u.ID, true, time.Time{})
	if got, _ := s.FindUser(ctx, u.ID); got.Failed != 0 || !got.LockedUntil.IsZero() {
		t.Errorf("after a good sign-in: %+v", got)
	}
}

func testSessions(t *testing.T, s Agents) {
	ctx := context.Background()
	u := createUser(t, s, "anna", loket.RoleAgent)
	now := time.Now().UTC()
	sess := &loket.Session{UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
	if err := s.CreateSession(ctx, sess, "tok1"); err != nil {
		t.Fatal(err)
	}
	got, user, err := s.FindSession(ctx, "tok1", now.Add(time.Minute))
	if err != nil || got.UserID != u.ID || user.Name != "anna" || !got.LastSeen.Equal(now) {
		t.Errorf("FindSession = %+v %+v %v", got, user, err)
	}
	if got, _, _ := s.FindSession(ctx, "tok1", now.Add(2*time.Minute)); !got.LastSeen.Equal(now.Add(time.Minute)) {
		t.Errorf("second FindSession: last seen %v, want the first use", got.LastSeen)
	}
	if _, _, err := s.FindSession(ctx, "tok1", now.Add(2*time.Hour)); loket.ErrorCode(err) != loket.ENOTFOUND {
		t.Errorf("expired session: %v", err)
	}
	if _, _, err := s.FindSession(ctx, "other", now); loket.ErrorCode(err) != loket.ENOTFOUND {
		t.Errorf("unknown token: %v", err)
	}
	// Disabling a user, or a new password, ends their sessions.
	s.CreateSession(ctx, &loket.Session{UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}, "tok2")
	s.SetDisabled(ctx, "anna", true)
	if _, _, err := s.FindSession(ctx, "tok2", now); loket.ErrorCode(err) != loket.ENOTFOUND {
		t.Errorf("session of a disabled user: %v", err)
	}
	s.SetDisabled(ctx, "anna", false)
	s.CreateSession(ctx, &loket.Session{UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}, "tok3")
	s.SetPassword(ctx, "anna", "other")
	if _, _, err := s.FindSession(ctx, "tok3", now); loket.ErrorCode(err) != loket.ENOTFOUND {
		t.Errorf("session after a new password: %v", err)
	}
	s.CreateSession(ctx, &loket.Session{UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}, "tok4")
	if err := s.DeleteSession(ctx, "tok4"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.FindSession(ctx, "tok4", now); loket.ErrorCode(err) != loket.ENOTFOUND {
		t.Errorf("signed-out session: %v", err)
	}
}

func testTakeRace(t *testing.T, s Agents) {
	ctx := context.Background()
	h := createHandoff(t, s, &loket.Handoff{Channel: loket.ChannelWeb, Question: "Mijn internet doet het niet"})
	const agents = 8
	var wg sync.WaitGroup
	var mu sync.Mutex
	var winners []string
	conflicts := 0
	for i := 0; i < agents; i++ {
		wg.Add(1)
		go func(name string) {
			defer wg.Done()
			got, err := s.TakeHandoff(ctx, h.ID, name)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				winners = append(winners, name)
				if got.TakenBy != name || got.Status != loket.HandoffTaken || got.TakenAt.IsZero() {
					t.Errorf("taken handoff = %+v", got)
				}
			case loket.ErrorCode(err) == loket.ECONFLICT:
				conflicts++
			default:
				t.Errorf("take: %v", err)
			}
		}(string(rune('a' + i)))
	}
	wg.Wait()
	if len(winners) != 1 || conflicts != agents-1 {
		t.Fatalf("%d agents took the handoff (%v), %d conflicts; want exactly one", len(winners), winners, conflicts)
	}
	if got, _ := s.FindHandoff(ctx, h.ID); got.TakenBy != winners[0] {
		t.Errorf("stored taker %q, winner %q", got.TakenBy, winners[0])
	}
	if _, err := s.TakeHandoff(ctx, h.ID+100, "z"); loket.ErrorCode(err) != loket.ENOTFOUND {
		t.Errorf("unknown handoff: %v", err)
	}
}

func testWrapUp(t *testing.T, s Agents) {
	ctx := context.Background()
	h := createHandoff(t, s, &loket.Handoff{Channel: loket.ChannelChat})
	w := &loket.WrapUp{HandoffID: h.ID, Agent: "anna", Outcome: loket.WrapResolved, GuideID: "internet/geen-internet",
		GuidePath: []string{"storing", "lampjes", "herstart", "opgelost"}, ArticleID: "internet/modem-herstarten", Note: "Modem herstart"}
	if err := s.CloseHandoff(ctx, w); loket.ErrorCode(err) != loket.ECONFLICT {
		t.Errorf("closing a handoff nobody took: %v", err)
	}
	if _, err := s.TakeHandoff(ctx, h.ID, "anna"); err != nil {
		t.Fatal(err)
	}
	if err := s.CloseHandoff(ctx, &loket.WrapUp{HandoffID: h.ID, Agent: "bob", Outcome: loket.WrapResolved}); loket.ErrorCode(err) != loket.ECONFLICT {
		t.Errorf("another agent closing: %v", err)
	}
	for _, bad := range []*loket.WrapUp{{HandoffID: h.ID, Agent: "anna", Outcome: "done"}, {HandoffID: h.ID, Agent: "anna", Outcome: loket.WrapTransferred}} {
		if err := s.CloseHandoff(ctx, bad); loket.ErrorCode(err) != loket.EINVALID {
			t.Errorf("CloseHandoff(%+v) = %v, want EINVALID", bad, err)
		}
	}
	if err := s.CloseHandoff(ctx, w); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindWrapUp(ctx, h.ID)
	if err != nil || got.Outcome != loket.WrapResolved || strings.Join(got.GuidePath, ",") != "storing,lampjes,herstart,opgelost" ||
		got.ArticleID != w.ArticleID || got.Agent != "anna" || got.Time.IsZero() {
		t.Errorf("wrap-up = %+v, %v", got, err)
	}
	if hh, _ := s.FindHandoff(ctx, h.ID); hh.Status != loket.HandoffClosed || hh.ClosedAt.IsZero() {
		t.Errorf("handoff after wrap-up = %+v", hh)
	}
	if err := s.CloseHandoff(ctx, w); loket.ErrorCode(err) != loket.ECONFLICT {
		t.Errorf("closing twice: %v", err)
	}
	if _, err := s.FindWrapUp(ctx, h.ID+100); loket.ErrorCode(err) != loket.ENOTFOUND {
		t.Errorf("missing wrap-up: %v", err)
	}
}

func testFlags(t *testing.T, s Agents) {
	ctx := context.Background()
	for _, f := range []*loket.Flag{
		{Agent: "anna", Kind: loket.FlagOutdated, Locale: "nl", ArticleID: "energie/tarieven", Note: "Tarieven 2027 ontbreken"},
		{Agent: "bob", Kind: loket.FlagMissing, Locale: "nl", Note: "Klant vraagt naar laadpaal thuis"},
	} {
		if err := s.CreateFlag(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	for _, bad := range []*loket.Flag{{Kind: "ugly"}, {Kind: loket.FlagWrong}, {Kind: loket.FlagMissing}} {
		if err := s.CreateFlag(ctx, bad); loket.ErrorCode(err) != loket.EINVALID {
			t.Errorf("CreateFlag(%+v) = %v", bad, err)
		}
	}
	flags, err := s.FindFlags(ctx, loket.FlagFilter{Unresolved: true})
	if err != nil || len(flags) != 2 || flags[0].Kind != loket.FlagMissing {
		t.Fatalf("flags = %+v, %v", flags, err)
	}
	if err := s.ResolveFlag(ctx, flags[0].ID); err != nil {
		t.Fatal(err)
	}
	if open, _ := s.FindFlags(ctx, loket.FlagFilter{Unresolved: true}); len(open) != 1 {
		t.Errorf("open flags after resolving one: %d", len(open))
	}
	if missing, _ := s.FindFlags(ctx, loket.FlagFilter{Kind: loket.FlagMissing}); len(missing) != 1 || !missing[0].Resolved {
		t.Errorf("missing flags = %+v", missing)
	}
	if err := s.ResolveFlag(ctx, 999); loket.ErrorCode(err) != loket.ENOTFOUND {
		t.Errorf("resolve unknown: %v", err)
	}
}

func testShortLinks(t *testing.T, s Agents) {
	ctx := context.Background()
	l := &loket.ShortLink{Locale: "nl", ArticleID: "energie/meterstand-doorgeven", Agent: "anna"}
	if err := s.CreateShortLink(ctx, l); err != nil {
		t.Fatal(err)
	}
	if len(l.Code) < 5 || l.CreatedAt.IsZero() {
		t.Errorf("link = %+v", l)
	}
	got, err := s.FindShortLink(ctx, l.Code)
	if err != nil || got.ArticleID != l.ArticleID || got.Locale != "nl" || got.Agent != "anna" {
		t.Errorf("FindShortLink = %+v, %v", got, err)
	}
	if _, err := s.FindShortLink(ctx, "nope"); loket.ErrorCode(err) != loket.ENOTFOUND {
		t.Errorf("unknown link: %v", err)
	}
}
