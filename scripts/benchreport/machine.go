package main

import (
	"bufio"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// Machine describes where the benchmarks ran.
type Machine struct {
	CPUs    int
	CPU     string
	Go      string
	Kernel  string
	Load    string
	Date    string
	MemInfo string
}

// machine reads the host's description.
func machine() Machine {
	m := Machine{CPUs: runtime.NumCPU(), CPU: cpuModel(), Go: goVersion(),
		Kernel: readTrim("/proc/sys/kernel/osrelease"), Date: time.Now().UTC().Format("2006-01-02 15:04 UTC")}
	if f := strings.Fields(readTrim("/proc/loadavg")); len(f) >= 3 {
		m.Load = strings.Join(f[:3], " ")
	}
	m.MemInfo = memTotal()
	return m
}

// cpuModel is the first "model name" of /proc/cpuinfo.
func cpuModel() string {
	return procField("/proc/cpuinfo", "model name")
}

// memTotal is MemTotal from /proc/meminfo.
func memTotal() string {
	return procField("/proc/meminfo", "MemTotal")
}

// procField returns the value of the first "key: value" line with key.
func procField(path, key string) string {
	f, err := os.Open(path)
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

// goVersion is the go command's version (the toolchain that ran the
// benchmarks), else this binary's.
func goVersion() string {
	if out, err := exec.Command("go", "env", "GOVERSION").Output(); err == nil {
		return strings.TrimSpace(string(out))
	}
	return runtime.Version()
}

// readTrim returns a small file's trimmed content, or "unknown".
func readTrim(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(data))
}
