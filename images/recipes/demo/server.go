package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

type serverConfig struct {
	version       string
	pod, node     string
	readyAfter    time.Duration
	failLiveAfter time.Duration
	shutdownDelay time.Duration
}

func serverConfigFromEnv() serverConfig {
	host, _ := os.Hostname()
	return serverConfig{
		version:       envOr("VERSION", version),
		pod:           envOr("POD_NAME", host),
		node:          os.Getenv("NODE_NAME"),
		readyAfter:    envDuration("READY_AFTER"),
		failLiveAfter: envDuration("FAIL_LIVE_AFTER"),
		shutdownDelay: envDuration("SHUTDOWN_DELAY"),
	}
}

type server struct {
	cfg          serverConfig
	started      time.Time
	failLive     atomic.Bool
	failReady    atomic.Bool
	shuttingDown atomic.Bool
	mu           sync.Mutex
	ballast      [][]byte
}

func newServer(cfg serverConfig) *server { return &server{cfg: cfg, started: time.Now()} }

func (s *server) routes() http.Handler {
	mux := http.NewServeMux()
	// Any other GET path answers like "/", so an Ingress path rule (/b, /api…) reaches the app as is.
	mux.HandleFunc("GET /", s.hello)
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.HandleFunc("POST /fail/live", s.toggle(&s.failLive, true, "liveness now fails"))
	mux.HandleFunc("POST /heal/live", s.toggle(&s.failLive, false, "liveness healed"))
	mux.HandleFunc("POST /fail/ready", s.toggle(&s.failReady, true, "readiness now fails"))
	mux.HandleFunc("POST /heal/ready", s.toggle(&s.failReady, false, "readiness healed"))
	mux.HandleFunc("GET /burn", s.burn)
	mux.HandleFunc("POST /allocate", s.allocate)
	mux.HandleFunc("GET /checksum", s.checksum)
	mux.HandleFunc("GET /resolve", s.resolve)
	mux.HandleFunc("GET /fetch", s.fetch)
	return mux
}

func (s *server) hello(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("X-Pod", s.cfg.pod)
	w.Header().Set("X-Version", s.cfg.version)
	writeJSON(w, http.StatusOK, map[string]any{
		"pod":           s.cfg.pod,
		"node":          s.cfg.node,
		"version":       s.cfg.version,
		"uptimeSeconds": time.Since(s.started).Seconds(),
	})
}

func (s *server) healthz(w http.ResponseWriter, _ *http.Request) {
	if s.failLive.Load() || (s.cfg.failLiveAfter > 0 && time.Since(s.started) > s.cfg.failLiveAfter) {
		http.Error(w, "unhealthy (asked to fail)", http.StatusInternalServerError)
		return
	}
	fmt.Fprintln(w, "ok")
}

func (s *server) readyz(w http.ResponseWriter, _ *http.Request) {
	switch {
	case s.failReady.Load():
		http.Error(w, "not ready (asked to fail)", http.StatusServiceUnavailable)
	case time.Since(s.started) < s.cfg.readyAfter:
		http.Error(w, "not ready (warming up)", http.StatusServiceUnavailable)
	case s.shuttingDown.Load():
		http.Error(w, "not ready (shutting down)", http.StatusServiceUnavailable)
	default:
		fmt.Fprintln(w, "ready")
	}
}

func (s *server) toggle(flag *atomic.Bool, value bool, msg string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		flag.Store(value)
		log.Print(msg)
		fmt.Fprintln(w, msg)
	}
}

func (s *server) burn(w http.ResponseWriter, r *http.Request) {
	ms, err := strconv.Atoi(r.URL.Query().Get("ms"))
	if err != nil || ms < 0 || ms > 60_000 {
		http.Error(w, "ms must be an integer between 0 and 60000", http.StatusBadRequest)
		return
	}
	deadline := time.Now().Add(time.Duration(ms) * time.Millisecond)
	x := 0
	for time.Now().Before(deadline) {
		for i := 0; i < 10_000; i++ {
			x += i * i
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"pod": s.cfg.pod, "burnedMs": ms, "sink": x % 7})
}

func (s *server) allocate(w http.ResponseWriter, r *http.Request) {
	// mb: that much more; totalMb: up to that much in all (a grader's load, whatever ALLOCATE_MB held).
	q := r.URL.Query()
	name := "mb"
	if q.Has("totalMb") {
		name = "totalMb"
	}
	mb, err := strconv.Atoi(q.Get(name))
	if err != nil || mb <= 0 || mb > 16_384 {
		http.Error(w, name+" must be an integer between 1 and 16384", http.StatusBadRequest)
		return
	}
	if name == "totalMb" {
		mb -= s.held()
	}
	total := s.hold(mb)
	writeJSON(w, http.StatusOK, map[string]any{"pod": s.cfg.pod, "allocatedMiB": total})
}

func (s *server) held() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.ballast)
}

// hold allocates mb MiB more (none if mb <= 0) and keeps it; returns the MiB held in all.
func (s *server) hold(mb int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := 0; i < mb; i++ {
		chunk := make([]byte, 1<<20)
		for j := 0; j < len(chunk); j += 4096 {
			chunk[j] = 1 // touch every page so the memory is really resident
		}
		s.ballast = append(s.ballast, chunk)
	}
	return len(s.ballast)
}

// checksum answers with a digest so that a Secret's value never has to leave the pod.
func (s *server) checksum(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var data []byte
	switch {
	case q.Has("env"):
		v, ok := os.LookupEnv(q.Get("env"))
		if !ok {
			writeJSON(w, http.StatusNotFound, map[string]any{"error": "no such environment variable", "env": q.Get("env")})
			return
		}
		data = []byte(v)
	case q.Has("file"):
		b, err := os.ReadFile(q.Get("file"))
		if err != nil {
			writeJSON(w, http.StatusNotFound, map[string]any{"error": err.Error()})
			return
		}
		data = b
	default:
		http.Error(w, "give env=NAME or file=PATH", http.StatusBadRequest)
		return
	}
	sum := sha256.Sum256(data)
	writeJSON(w, http.StatusOK, map[string]any{"pod": s.cfg.pod, "sha256": hex.EncodeToString(sum[:]), "bytes": len(data)})
}

func (s *server) resolve(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	addrs, err := net.DefaultResolver.LookupHost(r.Context(), name)
	if err != nil {
		writeJSON(w, http.StatusBadGateway, map[string]any{"name": name, "error": err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"name": name, "addresses": addrs})
}

var fetchClient = &http.Client{Timeout: 5 * time.Second}

func (s *server) fetch(w http.ResponseWriter, r *http.Request) {
	url := r.URL.Query().Get("url")
	start := time.Now()
	req, err := http.NewRequestWithContext(r.Context(), http.MethodGet, url, nil)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"url": url, "error": err.Error()})
		return
	}
	// A Host header of its own: requests to an Ingress controller name the site they want.
	if host := r.URL.Query().Get("host"); host != "" {
		req.Host = host
	}
	resp, err := fetchClient.Do(req)
	if err != nil {
		writeJSON(w, http.StatusBadGateway, map[string]any{"url": url, "error": errorCode(err)})
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	headers := map[string]string{}
	for name, values := range resp.Header {
		headers[strings.ToLower(name)] = strings.Join(values, ", ")
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"url": url, "status": resp.StatusCode, "headers": headers, "body": string(body),
		"latencyMs": float64(time.Since(start).Microseconds()) / 1000,
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
