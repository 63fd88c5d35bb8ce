// Package openai implements assistant.Model over the OpenAI Chat
// Completions API, as served by OpenAI, Azure OpenAI, Ollama, vLLM and the
// llama.cpp server, with github.com/sashabaranov/go-openai.
//
// # Requests
//
// Every request streams ("stream": true), whether or not the caller wants
// the tokens, so that Config.FirstToken can be enforced; the pieces are
// passed to the caller's tokens function as they arrive and joined into the
// returned reply. The request carries the model, the messages, and
// temperature and max_tokens when configured; nothing else (no "user", no
// "stream_options"), which every server above accepts.
//
// A reply counts only when the server finished it: with a chunk that has
// a finish_reason, or with "data: [DONE]" (servers send both; a few older
// ones only one). A stream that breaks off, a reply cut at the token limit
// and a reply with no text are errors, never returned as answers. The tokens function may have seen part of such a reply
// before the error; the caller is to replace what it showed.
//
// # Errors
//
// Complete returns an *Error, whose Kind tells what went wrong; test it
// with errors.Is: ErrRateLimited, ErrServer, ErrTimeout, ErrCanceled,
// ErrUnreachable, ErrStreamDropped, ErrRefused, ErrTruncated or
// ErrEmptyReply. Timeouts and cancellations also match
// context.DeadlineExceeded and context.Canceled. Error messages never
// contain the API key.
//
// # Providers
//
// OpenAI: the API key of a project; Model is a model name.
//
//	openai.Config{
//		BaseURL: "https://api.openai.com/v1",
//		APIKey:  "sk-...",
//		Model:   "gpt-4o-mini",
//	}
//
// OpenAI's reasoning models (o1, o3, o4-mini, gpt-5) refuse temperature and
// max_tokens: leave Temperature nil and MaxTokens 0 for them.
//
// Azure OpenAI: BaseURL is the resource endpoint, without /openai; Model is
// the name of the deployment, used as is; APIVersion is required. Requests
// go to {BaseURL}/openai/deployments/{Model}/chat/completions?api-version=
// {APIVersion}, with the key in the api-key header.
//
//	openai.Config{
//		Azure:      true,
//		BaseURL:    "https://my-resource.openai.azure.com",
//		APIKey:     "0123abcd...",
//		Model:      "my-gpt-4o-deployment",
//		APIVersion: "2024-06-01",
//	}
//
// Ollama (ollama serve; ollama pull llama3.1:8b): no key; Model is the
// name of a pulled model. The first request after a while may wait for the
// model to load, which FirstToken counts.
//
//	openai.Config{
//		BaseURL: "http://localhost:11434/v1",
//		Model:   "llama3.1:8b",
//	}
//
// vLLM (vllm serve Qwen/Qwen2.5-7B-Instruct): Model is the served model
// name (the model path, or --served-model-name); APIKey only when the server
// was started with --api-key.
//
//	openai.Config{
//		BaseURL: "http://localhost:8000/v1",
//		Model:   "Qwen/Qwen2.5-7B-Instruct",
//	}
//
// llama.cpp (llama-server -m model.gguf --port 8080): a server with one
// model answers with it whatever Model says, but Model is still required;
// APIKey only when started with --api-key.
//
//	openai.Config{
//		BaseURL: "http://localhost:8080/v1",
//		Model:   "qwen2.5-7b-instruct",
//	}
//
// For every provider, BaseURL is the URL that precedes /chat/completions:
// for all but Azure it ends in /v1.
package openai
