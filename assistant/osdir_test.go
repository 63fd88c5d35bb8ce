package assistant_test

import "os"

func osTempDir() (string, error) { return os.MkdirTemp("", "loket-assistant-test-") }
