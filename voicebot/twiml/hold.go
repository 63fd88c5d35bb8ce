package twiml

import (
	"bytes"
	"encoding/binary"
	"math"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
)

// holdAudio synthesises Loket's hold music: twenty seconds of soft, slowly
// arpeggiated chords (C, A minor, F, G, twice), as 8 kHz 16-bit mono WAV,
// the telephone's own quality, so it costs no transcoding. Operators who
// want their own music set HoldURL.
func holdAudio() []byte {
	const (
		rate  = 8000
		chord = 2.5 // seconds per chord
		note  = chord / 4
	)
	chords := [][]float64{
		{261.63, 329.63, 392.00, 523.25}, // C
		{220.00, 261.63, 329.63, 440.00}, // A minor
		{174.61, 220.00, 261.63, 349.23}, // F
		{196.00, 246.94, 293.66, 392.00}, // G
	}
	total := int(rate * chord * float64(len(chords)) * 2)
	samples := make([]float64, total)
	for i := 0; i < 2*len(chords); i++ {
		start := float64(i) * chord
		for j, f := range chords[i%len(chords)] {
			begin := int((start + float64(j)*note) * rate)
			// Each note rings on to the end of its chord and a little
			// beyond, fading out.
			length := int((chord - float64(j)*note + 0.6) * rate)
			for k := 0; k < length && begin+k < total; k++ {
				t := float64(k) / rate
				env := math.Min(1, t*40) * math.Exp(-1.8*t)
				samples[begin+k] += env * (math.Sin(2*math.Pi*f*t) + 0.25*math.Sin(4*math.Pi*f*t))
			}
		}
	}
	pcm := make([]byte, 2*total)
	for i, s := range samples {
		binary.LittleEndian.PutUint16(pcm[2*i:], uint16(int16(math.Max(-1, math.Min(1, s*0.18))*32767)))
	}
	var buf bytes.Buffer
	buf.WriteString("RIFF")
	binary.Write(&buf, binary.LittleEndian, uint32(36+len(pcm)))
	buf.WriteString("WAVEfmt ")
	for _, v := range []any{uint32(16), uint16(1), uint16(1), uint32(rate), uint32(rate * 2), uint16(2), uint16(16)} {
		binary.Write(&buf, binary.LittleEndian, v)
	}
	buf.WriteString("data")
	binary.Write(&buf, binary.LittleEndian, uint32(len(pcm)))
	buf.Write(pcm)
	return buf.Bytes()
}

func (h *Handler) serveHold(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=86400")
	c.Header("Content-Length", strconv.Itoa(len(h.hold)))
	c.Data(http.StatusOK, "audio/wav", h.hold)
}
