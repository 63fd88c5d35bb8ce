package main

import (
	"bufio"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// machine describes where the figures were measured.
type machine struct {
	CPUs     int    `json:"cpus"` // runtime.NumCPU
	GOOS     string `json:"goos"`
	GOARCH   string `json:"goarch"`
	CPUModel string `json:"cpu_model"`
	MemoryMB int    `json:"memory_mb"`
	Go       string `json:"go"`
	// Load is /proc/loadavg at the start and the end of the run: other
	// processes on the machine make figures noisier.
	LoadStart string `json:"load_start"`
	LoadEnd   string `json:"load_end,omitempty"`
}

func readMachine() machine {
	return machine{
		CPUs:      runtime.NumCPU(),
		GOOS:      runtime.GOOS,
		GOARCH:    runtime.GOARCH,
		CPUModel:  procField("/proc/cpuinfo", "model name"),
		MemoryMB:  kB(procField("/proc/meminfo", "MemTotal")) / 1024,
		Go:        runtime.Version(),
		LoadStart: loadAverage(),
	}
}

// loadAverage returns the 1, 5 and 15 minute load averages.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:min(3, len(f))], " ")
}

// procField returns the value of the first "key: value" line of a /proc
// file, or "" when there is none (as on systems without /proc).
func procField(path, key string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// kB reads a /proc size such as "123456 kB", or 0.
func kB(v string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(v, "kB")))
	return n
}
