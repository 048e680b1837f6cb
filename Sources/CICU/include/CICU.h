// Plain-C interface to the few ICU services Ieum needs. Text crosses it as arrays of
// Unicode scalar values (uint32_t); no ICU type appears here, so this header can be
// imported next to Foundation, which bundles its own ICU.
#ifndef IEUM_CICU_H
#define IEUM_CICU_H

#include <stdint.h>

/// Unicode normalization forms the normalizer offers.
enum {
    IEUM_NFKC = 0,
    IEUM_NFC = 1,
};

/// Normalizes `length` bytes of valid UTF-8 `input` to the given form, writing at most
/// `capacity` scalars to `output` and, for each, the index of the input scalar it came
/// from to `origins`. Hangul compatibility jamo (U+3131–U+318E) and their halfwidth forms are kept
/// as compatibility jamo, which plain NFKC would turn into conjoining jamo.
/// Returns the number of scalars of the result (more than `capacity`: nothing usable was
/// written, call again with that much room), or -1 when ICU fails.
int32_t ieum_normalize(const uint8_t *input, int32_t length, int32_t form,
                       uint32_t *output, int32_t *origins, int32_t capacity);

/// Writes to `boundaries` the scalar offsets at which ICU's word break iterator (UAX #29,
/// root locale) breaks `text`, 0 and `length` included. `boundaries` must have room for
/// `length + 1` entries. Returns the number written, or -1 when ICU fails.
int32_t ieum_word_boundaries(const uint32_t *text, int32_t length, int32_t *boundaries);

/// The script class of a scalar: IEUM_DIGIT for decimal digits, otherwise its ICU script
/// code (UScriptCode).
int32_t ieum_script_class(uint32_t scalar);

/// Script classes the pre-tokenizer treats specially (all but the first are ICU's UScriptCode values).
enum {
    IEUM_DIGIT = -1,
    IEUM_SCRIPT_COMMON = 0,
    IEUM_SCRIPT_INHERITED = 1,
    IEUM_SCRIPT_HAN = 17,
    IEUM_SCRIPT_HANGUL = 18,
    IEUM_SCRIPT_HIRAGANA = 20,
    IEUM_SCRIPT_KATAKANA = 22,
    IEUM_SCRIPT_LATIN = 25,
};

/// Converts `length` bytes of `input` from the named character set (any name or alias ICU
/// knows: "EUC-KR", "UTF-8", "ISO-8859-1" …) to UTF-8, writing at most `capacity` bytes.
/// Returns the length of the result (more than `capacity`: call again with that much room),
/// -1 for an unknown character set, -2 for bytes that are not valid in it.
int32_t ieum_convert_to_utf8(const char *charset, const char *input, int32_t length,
                             char *output, int32_t capacity);

#endif
