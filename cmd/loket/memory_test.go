package main

import (
	"flag"
	"io"
	"testing"
)

func TestMemoryLimitFlag(t *testing.T) {
	tests := []struct {
		env, arg string
		want     string // String() after parsing; "" for an error
	}{
		{"", "", "auto"},
		{"", "300MiB", "300MiB"},
		{"", "1GiB", "1GiB"},
		{"", "0.5 GiB", "512MiB"},
		{"", "500MB", "476MiB"},
		{"", "268435456", "256MiB"},
		{"", "off", "off"},
		{"", "0", "off"},
		{"", "AUTO", "auto"},
		{"", "lots", ""},
		{"", "10MiB", ""},
		{"", "-1GiB", ""},
		{"400MiB", "", "400MiB"},
		{"400MiB", "auto", "auto"},
		{"off", "", "off"},
	}
	for _, tt := range tests {
		e := &env{getenv: func(k string) string {
			if k == "LOKET_MEMORY_LIMIT" {
				return tt.env
			}
			return ""
		}}
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		m := memoryLimitFlag(fs, e)
		var args []string
		if tt.arg != "" {
			args = []string{"--memory-limit", tt.arg}
		}
		err := fs.Parse(args)
		switch {
		case tt.want == "" && err == nil:
			t.Errorf("env %q, flag %q: parsed as %s; want an error", tt.env, tt.arg, m)
		case tt.want != "" && err != nil:
			t.Errorf("env %q, flag %q: %v", tt.env, tt.arg, err)
		case tt.want != "" && m.String() != tt.want:
			t.Errorf("env %q, flag %q: %s; want %s", tt.env, tt.arg, m, tt.want)
		}
	}
}

func TestMemoryLimitFlagBadEnv(t *testing.T) {
	e := &env{getenv: func(k string) string {
		if k == "LOKET_MEMORY_LIMIT" {
			return "lots"
		}
		return ""
	}}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	m := memoryLimitFlag(fs, e)
	if m.envErr == nil || !m.auto {
		t.Errorf("LOKET_MEMORY_LIMIT=lots: %s, err %v; want auto and an error to log", m, m.envErr)
	}
	if err := fs.Parse([]string{"--memory-limit", "1GiB"}); err != nil || m.envErr != nil {
		t.Errorf("a flag after a bad environment value: err %v, envErr %v; want the flag to win", err, m.envErr)
	}
}

func TestAutoMemoryLimit(t *testing.T) {
	tests := []struct {
		live uint64
		want int64
	}{
		{0, memoryFloor},
		{145 << 20, memoryFloor}, // 10,000 articles
		{400 << 20, 600 << 20},
		{4 << 30, 6 << 30},
	}
	for _, tt := range tests {
		if got := autoMemoryLimit(tt.live); got != tt.want {
			t.Errorf("autoMemoryLimit(%d) = %d; want %d", tt.live, got, tt.want)
		}
	}
}
