package sqlite

import (
	"testing"

	"github.com/loket/loket"
	"github.com/loket/loket/store/storetest"
)

func TestHandoffStore(t *testing.T) {
	storetest.HandoffStore(t, func(tb testing.TB) loket.HandoffStore { return openTest(tb) })
}

func TestFeedbackStore(t *testing.T) {
	storetest.FeedbackStore(t, func(tb testing.TB) storetest.Feedback { return openTest(tb) })
}

func TestConversationStore(t *testing.T) {
	storetest.ConversationStore(t, func(tb testing.TB) storetest.Conversations { return openTest(tb) })
}

func TestAgentStore(t *testing.T) {
	storetest.AgentStore(t, func(tb testing.TB) storetest.Agents { return openTest(tb) })
}

func TestCallStore(t *testing.T) {
	storetest.CallStore(t, func(tb testing.TB) loket.CallStore { return openTest(tb) })
}
