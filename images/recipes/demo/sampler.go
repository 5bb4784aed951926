package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

// sample is one request the sampler sent: one JSON line on stdout.
type sample struct {
	At        int64  `json:"at"`        // when it was sent, ms since epoch
	LatencyMs int64  `json:"latencyMs"` // until the answer (or the error)
	Status    int    `json:"status,omitempty"`
	Pod       string `json:"pod,omitempty"`
	Version   string `json:"version,omitempty"`
	Error     string `json:"error,omitempty"`
}

type samplerConfig struct {
	url      string
	host     string
	rate     float64
	duration time.Duration
	count    int
	timeout  time.Duration
}

// runSampler is `demo sample`: GET requests to a URL at a steady rate, each on a new connection
// (as separate clients would), one JSON line per request. It stops by itself after `duration` or
// `count` requests, whichever comes first, then waits for the requests in flight.
func runSampler(args []string, out io.Writer) error {
	cfg, err := parseSamplerFlags(args)
	if err != nil {
		return err
	}
	var mu sync.Mutex
	enc := json.NewEncoder(out)
	write := func(s sample) {
		mu.Lock()
		defer mu.Unlock()
		_ = enc.Encode(s)
	}
	client := &http.Client{Timeout: cfg.timeout, Transport: &http.Transport{DisableKeepAlives: true, DialContext: (&net.Dialer{Timeout: cfg.timeout}).DialContext}}
	interval := time.Duration(float64(time.Second) / cfg.rate)
	start := time.Now()
	deadline := start.Add(cfg.duration)
	var wg sync.WaitGroup
	// Requests are due at start + n×interval: a late tick catches up, so the rate holds under load.
	for sent := 0; sent < cfg.count && time.Now().Before(deadline); {
		due := int(time.Since(start)/interval) + 1
		for ; sent < due && sent < cfg.count; sent++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				write(get(client, cfg.url, cfg.host))
			}()
		}
		time.Sleep(interval / 2)
	}
	wg.Wait()
	return nil
}

func get(client *http.Client, url, host string) sample {
	start := time.Now()
	s := sample{At: start.UnixMilli()}
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		s.Error = err.Error()
		return s
	}
	if host != "" {
		req.Host = host
	}
	resp, err := client.Do(req)
	if err != nil {
		s.LatencyMs = time.Since(start).Milliseconds()
		s.Error = errorCode(err)
		return s
	}
	defer resp.Body.Close()
	var body struct {
		Pod     string `json:"pod"`
		Version string `json:"version"`
	}
	_ = json.NewDecoder(io.LimitReader(resp.Body, 64*1024)).Decode(&body)
	s.LatencyMs = time.Since(start).Milliseconds()
	s.Status = resp.StatusCode
	s.Pod = firstNonEmpty(resp.Header.Get("X-Pod"), body.Pod)
	s.Version = firstNonEmpty(resp.Header.Get("X-Version"), body.Version)
	return s
}

// errorCode names a failure as kindlab's host sampler does (ECONNREFUSED, ECONNRESET, timeout…).
func errorCode(err error) string {
	var netErr net.Error
	switch {
	case errors.As(err, &netErr) && netErr.Timeout():
		return "timeout"
	case containsAny(err.Error(), "connection refused"):
		return "ECONNREFUSED"
	case containsAny(err.Error(), "connection reset", "EOF"):
		return "ECONNRESET"
	case containsAny(err.Error(), "no such host"):
		return "ENOTFOUND"
	}
	return err.Error()
}

func parseSamplerFlags(args []string) (samplerConfig, error) {
	fs := flag.NewFlagSet("sample", flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	cfg := samplerConfig{}
	fs.StringVar(&cfg.url, "url", "", "the URL to GET (required)")
	fs.StringVar(&cfg.host, "host", "", "the Host header (default: the URL's host)")
	fs.Float64Var(&cfg.rate, "rate", 50, "requests per second (0 < rate <= 500)")
	fs.DurationVar(&cfg.duration, "duration", 10*time.Minute, "stop after this long")
	fs.IntVar(&cfg.count, "count", 100000, "stop after this many requests")
	fs.DurationVar(&cfg.timeout, "timeout", 3*time.Second, "no answer within this long counts as failed")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	switch {
	case cfg.url == "":
		return cfg, fmt.Errorf("--url is required")
	case cfg.rate <= 0 || cfg.rate > 500:
		return cfg, fmt.Errorf("--rate must be in (0, 500], got %v", cfg.rate)
	case cfg.duration <= 0 || cfg.duration > time.Hour:
		return cfg, fmt.Errorf("--duration must be in (0, 1h], got %v", cfg.duration)
	case cfg.count <= 0:
		return cfg, fmt.Errorf("--count must be positive, got %d", cfg.count)
	}
	return cfg, nil
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

func containsAny(s string, parts ...string) bool {
	for _, p := range parts {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}
