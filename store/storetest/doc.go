// Package storetest is the conformance suite every store backend passes
// (store/sqlite, store/postgres): one set of tests, run against each, so the
// backends behave alike and the channels need not care which one is wired.
//
// A backend's test calls a suite with a function that opens a fresh, empty
// store and registers its cleanup with tb.Cleanup:
//
//	func TestEventStore(t *testing.T) {
//		storetest.EventStore(t, func(tb testing.TB) loket.EventStore {
//			return openTestDB(tb)
//		})
//	}
//
// Besides the documented interface contracts, the suites pin down what the
// interfaces leave open, so every backend decides it the same way:
//
//   - EventFilter.Since is inclusive and Until exclusive.
//   - FindEvents returns times in UTC, equal (time.Time.Equal) to the Time
//     RecordEvent left in the event; events with the same time come back in
//     the order they were recorded.
//   - Data recorded nil or empty comes back empty (nil or not).
//   - RecordEvent returns EINVALID for a nil event; FindEvents returns
//     EINVALID for a negative Limit.
//
// The suites use times with microsecond precision, the finest PostgreSQL
// stores; a backend that keeps less must truncate the Time it assigns, so
// that the rule above still holds.
package storetest
