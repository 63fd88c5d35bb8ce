package main

import (
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// loadSecret returns the server's secret key, which signs form tokens and
// sessions. It is created on first start in the data folder, readable by
// its owner only, so that tokens stay valid across restarts.
func loadSecret(dataDir string) ([]byte, error) {
	path := filepath.Join(dataDir, "secret.key")
	key, err := os.ReadFile(path)
	switch {
	case err == nil && len(key) >= 32:
		return key, nil
	case err == nil:
		return nil, fmt.Errorf("secret key %s is too short; remove it to create a new one", path)
	case !errors.Is(err, os.ErrNotExist):
		return nil, fmt.Errorf("secret key: %w", err)
	}
	key = make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("secret key: %w", err)
	}
	if err := os.WriteFile(path, key, 0o600); err != nil {
		return nil, fmt.Errorf("secret key: %w", err)
	}
	return key, nil
}
