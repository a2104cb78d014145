package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/tillit-project/tillit/internal/scale"
)

// serverProcess is `tillit serve` started on a free loopback port.
type serverProcess struct {
	cmd  *exec.Cmd
	base string
	done chan error
}

// start runs the server and waits for its first /readyz 200.
func (c *Config) start(ctx context.Context) (*serverProcess, time.Duration, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, 0, err
	}
	addr := ln.Addr().String()
	ln.Close()
	data, err := os.MkdirTemp("", "tillit-bench-data")
	if err != nil {
		return nil, 0, err
	}
	args := []string{"serve", "--addr", addr, "--log-level", "warn", "--data", data}
	if strings.HasPrefix(c.DSN, "postgres") {
		args = append(args, "--database", c.DSN)
	} else {
		abs, err := filepath.Abs(c.DSN)
		if err != nil {
			return nil, 0, err
		}
		args = append(args, "--database", "sqlite:"+abs)
	}
	cmd := exec.CommandContext(ctx, c.Binary, args...)
	cmd.Stdout = io.Discard
	cmd.Stderr = os.Stderr
	client := &http.Client{Timeout: time.Second}
	base := "http://" + addr
	began := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, 0, err
	}
	p := &serverProcess{cmd: cmd, base: base, done: make(chan error, 1)}
	go func() { p.done <- cmd.Wait() }()
	for {
		select {
		case err := <-p.done:
			return nil, 0, fmt.Errorf("the server stopped before it was ready: %v", err)
		default:
		}
		res, err := client.Get(base + "/readyz")
		if err == nil {
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return p, time.Since(began), nil
			}
		}
		if time.Since(began) > time.Minute {
			p.stop()
			return nil, 0, errors.New("the server was not ready within a minute")
		}
		time.Sleep(time.Millisecond)
	}
}

func (p *serverProcess) stop() {
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		p.cmd.Process.Kill()
		<-p.done
	}
}

// rss reads a process's resident memory (VmRSS, or VmHWM for the most
// it has held) from /proc, in bytes.
func rss(pid int, field string) int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// load starts the server, measures start-up and idle memory, and puts
// each page under each concurrency level in turn.
func (c *Config) load(ctx context.Context, rep *Report, s session) error {
	// Three starts; the median is reported (the first pays for a cold
	// page cache).
	var startups []time.Duration
	var p *serverProcess
	for i := range 3 {
		var err error
		var d time.Duration
		p, d, err = c.start(ctx)
		if err != nil {
			return err
		}
		startups = append(startups, d)
		if i < 2 {
			p.stop()
		}
	}
	defer p.stop()
	rep.Startup = summarise(startups, 0, time.Second).P50
	c.logf("server ready in %v (median of %v)", rep.Startup, startups)
	time.Sleep(time.Second)
	pid := p.cmd.Process.Pid
	rep.IdleRSS = rss(pid, "VmRSS")
	c.logf("idle resident memory %.1f MB", float64(rep.IdleRSS)/1e6)

	var peak atomic.Int64
	stopSampling := make(chan struct{})
	var sampling sync.WaitGroup
	sampling.Go(func() {
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stopSampling:
				return
			case <-t.C:
				if v := rss(pid, "VmRSS"); v > peak.Load() {
					peak.Store(v)
				}
			}
		}
	})
	maxClients := 0
	for _, n := range c.Clients {
		maxClients = max(maxClients, n)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: maxClients, MaxConnsPerHost: maxClients,
		DisableCompression: true}, Timeout: 2 * time.Minute}
	for i := range rep.Pages {
		pr := &rep.Pages[i]
		for _, n := range c.Clients {
			st, err := c.hammer(ctx, client, p.base, s, pr.Page, n)
			if err != nil {
				close(stopSampling)
				return err
			}
			pr.Load = append(pr.Load, LoadStats{Clients: n, Stats: st})
			c.logf("%-34s %2d clients: %5d requests %7.1f/s  p50 %8v  p95 %8v  p99 %8v  errors %d",
				pr.Name, n, st.N, st.PerSecond, st.P50, st.P95, st.P99, st.Errors)
		}
	}
	close(stopSampling)
	sampling.Wait()
	rep.LoadRSS = max(peak.Load(), rss(pid, "VmHWM"))
	return nil
}

// hammer sends n clients' requests for the page back to back until
// Requests are done or Duration has passed, after a short warm-up.
func (c *Config) hammer(ctx context.Context, client *http.Client, base string, s session, p scale.Page, n int) (Stats, error) {
	get := func() (time.Duration, bool, error) {
		t := time.Now()
		res, err := client.Do(s.request(ctx, base, p))
		if err != nil {
			return 0, false, err
		}
		_, err = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return time.Since(t), res.StatusCode == http.StatusOK && err == nil, nil
	}
	for range min(n, 4) {
		if _, _, err := get(); err != nil {
			return Stats{}, err
		}
	}
	var (
		mu     sync.Mutex
		lat    []time.Duration
		errs   int
		issued atomic.Int64
		first  error
	)
	deadline := time.Now().Add(c.Duration)
	start := time.Now()
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for issued.Add(1) <= int64(c.Requests) && time.Now().Before(deadline) {
				d, ok, err := get()
				mu.Lock()
				if err != nil && first == nil {
					first = err
				}
				if ok {
					lat = append(lat, d)
				} else {
					errs++
				}
				mu.Unlock()
				if err != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	if first != nil {
		return Stats{}, fmt.Errorf("%s: %w", p.Name, first)
	}
	return summarise(lat, errs, time.Since(start)), nil
}
