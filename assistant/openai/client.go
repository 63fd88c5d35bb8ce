package openai

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/loket/loket/assistant"
	goopenai "github.com/sashabaranov/go-openai"
)

// Config configures a Client. The package documentation shows it for each
// provider.
type Config struct {
	// BaseURL is the API's base URL, e.g. https://api.openai.com/v1 or
	// http://localhost:11434/v1; for Azure the resource endpoint,
	// https://{resource}.openai.azure.com. Required.
	BaseURL string
	// APIKey is sent as "Authorization: Bearer", or as the api-key header
	// for Azure. It may be empty for a local server; Azure requires it.
	APIKey string
	// Model is the model name; for Azure the deployment name. Required.
	Model string
	// Azure selects Azure OpenAI's paths and authentication.
	Azure bool
	// APIVersion is Azure's api-version, e.g. 2024-06-01: required with
	// Azure, not allowed without.
	APIVersion string
	// Temperature is the sampling temperature, from 0 (deterministic) to
	// 2; nil leaves it out of the request, to the server's default.
	// Write new(float32(0.2)).
	Temperature *float32
	// MaxTokens bounds the reply, sent as max_tokens; 0 leaves it to the
	// server. A reply that reaches it fails with ErrTruncated.
	MaxTokens int
	// Timeout bounds the whole request, from sending it to the last
	// token; 0 means no bound but the caller's context.
	Timeout time.Duration
	// FirstToken bounds the wait for the first token of the reply's text;
	// 0 means no bound. It includes loading the model on local servers
	// and a reasoning model's thinking.
	FirstToken time.Duration
	// HTTPClient sends the requests; http.DefaultClient when nil.
	HTTPClient *http.Client
}

// Client is a chat-completion model behind an OpenAI-compatible API. It
// implements assistant.Model and is safe for concurrent use.
type Client struct {
	cfg Config
	api goopenai.ClientConfig
}

var _ assistant.Model = (*Client)(nil)

// New returns a client for cfg. It returns an error when BaseURL is not an
// http or https URL, Model is empty, Azure lacks APIVersion or APIKey, a
// non-Azure config sets APIVersion, or a number is out of range.
func New(cfg Config) (*Client, error) {
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("openai: %w", err)
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = http.DefaultClient
	}
	var api goopenai.ClientConfig
	if cfg.Azure {
		api = goopenai.DefaultAzureConfig(cfg.APIKey, cfg.BaseURL)
		api.APIVersion = cfg.APIVersion
		// The default mapper rewrites model names such as gpt-3.5 into
		// deployment names; Model is a deployment name already.
		api.AzureModelMapperFunc = nil
	} else {
		api = goopenai.DefaultConfig(cfg.APIKey)
		api.BaseURL = cfg.BaseURL
	}
	return &Client{cfg: cfg, api: api}, nil
}

func (cfg Config) validate() error {
	u, err := url.Parse(cfg.BaseURL)
	switch {
	case cfg.BaseURL == "":
		return errors.New("BaseURL is required")
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return fmt.Errorf("BaseURL %q is not an http or https URL", cfg.BaseURL)
	case u.User != nil:
		return errors.New("BaseURL must not contain credentials; use APIKey")
	case strings.TrimSpace(cfg.Model) == "":
		return errors.New("Model is required")
	case cfg.Azure && cfg.APIVersion == "":
		return errors.New("APIVersion is required for Azure OpenAI")
	case cfg.Azure && cfg.APIKey == "":
		return errors.New("APIKey is required for Azure OpenAI")
	case !cfg.Azure && cfg.APIVersion != "":
		return errors.New("APIVersion is only for Azure OpenAI")
	case cfg.Temperature != nil && (*cfg.Temperature < 0 || *cfg.Temperature > 2):
		return fmt.Errorf("Temperature %v is outside 0 to 2", *cfg.Temperature)
	case cfg.MaxTokens < 0:
		return errors.New("MaxTokens is negative")
	case cfg.Timeout < 0 || cfg.FirstToken < 0:
		return errors.New("Timeout and FirstToken must not be negative")
	}
	return nil
}

// Complete returns the model's reply to msgs, passing its text to tokens
// piece by piece as it arrives. The reply is exactly the pieces joined.
// Returns an *Error: see the package documentation for its kinds.
func (c *Client) Complete(ctx context.Context, msgs []assistant.Message, tokens func(string)) (string, error) {
	if len(msgs) == 0 {
		return "", c.fail(ErrRefused, errors.New("no messages to send"))
	}
	if c.cfg.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, c.cfg.Timeout,
			fmt.Errorf("no complete reply within %v: %w", c.cfg.Timeout, context.DeadlineExceeded))
		defer cancel()
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var first *time.Timer
	if c.cfg.FirstToken > 0 {
		first = time.AfterFunc(c.cfg.FirstToken, func() {
			cancel(fmt.Errorf("no token within %v: %w", c.cfg.FirstToken, context.DeadlineExceeded))
		})
		defer first.Stop()
	}

	ex := &exchange{client: c.cfg.HTTPClient, zeroTemperature: c.cfg.Temperature != nil && *c.cfg.Temperature == 0}
	api := c.api
	api.HTTPClient = ex
	stream, err := goopenai.NewClientWithConfig(api).CreateChatCompletionStream(ctx, c.request(msgs))
	if err != nil {
		return "", c.requestError(ctx, ex, err)
	}
	defer stream.Close()
	return c.read(ctx, stream, ex, first, tokens)
}

func (c *Client) request(msgs []assistant.Message) goopenai.ChatCompletionRequest {
	req := goopenai.ChatCompletionRequest{
		Model:     c.cfg.Model,
		MaxTokens: c.cfg.MaxTokens,
		Messages:  make([]goopenai.ChatCompletionMessage, len(msgs)),
	}
	if c.cfg.Temperature != nil {
		// go-openai leaves out a zero temperature; exchange writes it.
		req.Temperature = *c.cfg.Temperature
	}
	for i, m := range msgs {
		req.Messages[i] = goopenai.ChatCompletionMessage{Role: string(m.Role), Content: m.Content}
	}
	return req
}

// read reads the stream to its end and returns the reply.
func (c *Client) read(ctx context.Context, stream *goopenai.ChatCompletionStream, ex *exchange, first *time.Timer, tokens func(string)) (string, error) {
	var text, refusal strings.Builder
	var finish goopenai.FinishReason
	for {
		chunk, err := stream.Recv()
		if err != nil {
			// The reply is whole once the server gave a finish reason
			// or sent [DONE]: some servers leave out one or the other.
			if finish != "" || (errors.Is(err, io.EOF) && ex.done()) {
				break
			}
			return "", c.streamError(ctx, ex, err, text.Len())
		}
		for _, ch := range chunk.Choices {
			if ch.Index != 0 {
				continue
			}
			if piece := ch.Delta.Content; piece != "" {
				if first != nil && text.Len() == 0 {
					first.Stop()
				}
				text.WriteString(piece)
				if tokens != nil {
					tokens(piece)
				}
			}
			refusal.WriteString(ch.Delta.Refusal)
			if ch.FinishReason != "" {
				finish = ch.FinishReason
			}
		}
	}
	return c.finished(text.String(), refusal.String(), finish)
}

// finished checks a reply the server says it finished.
func (c *Client) finished(text, refusal string, finish goopenai.FinishReason) (string, error) {
	switch {
	case finish == goopenai.FinishReasonLength:
		return "", c.fail(ErrTruncated, fmt.Errorf("finish_reason length after %d characters", len(text)))
	case finish == goopenai.FinishReasonContentFilter:
		return "", c.fail(ErrRefused, errors.New("the reply was stopped by the content filter"))
	case strings.TrimSpace(text) != "":
		return text, nil
	case refusal != "":
		return "", c.fail(ErrRefused, fmt.Errorf("the model refused: %s", refusal))
	}
	if finish == "" {
		return "", c.fail(ErrEmptyReply, errors.New("no text before [DONE]"))
	}
	return "", c.fail(ErrEmptyReply, fmt.Errorf("no text before finish_reason %s", finish))
}
