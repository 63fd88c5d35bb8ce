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
