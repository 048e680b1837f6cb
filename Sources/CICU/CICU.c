// ICU behind plain C types: normalization with origin tracking, word breaks, scripts.
#include "CICU.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

static const UNormalizer2 *normalizer_for(int32_t form, UErrorCode *status) {
    return form == IEUM_NFC ? unorm2_getNFCInstance(status) : unorm2_getNFKCInstance(status);
}

/// Compatibility jamo, or the halfwidth form of one: the compatibility jamo to keep, else 0.
static uint32_t protected_jamo(const UNormalizer2 *nfkc, uint32_t c) {
    if (c >= 0x3131 && c <= 0x318E) return c;
    if (c >= 0xFFA0 && c <= 0xFFDC) {
        UChar raw[4];
        UErrorCode status = U_ZERO_ERROR;
        int32_t n = unorm2_getRawDecomposition(nfkc, (UChar32)c, raw, 4, &status);
        if (U_SUCCESS(status) && n == 1 && raw[0] >= 0x3131 && raw[0] <= 0x318E) return raw[0];
    }
    return 0;
}

/// Whether a scalar standing alone in its normalization segment is its own normal form:
/// ASCII, precomposed Hangul (which NFC and NFKC decompose and compose again) and
/// everything without a decomposition mapping. This is the common case, kept off ICU's
/// string API.
static inline int is_hangul_syllable(uint32_t c) { return c >= 0xAC00 && c <= 0xD7A3; }

/// Appends a scalar and its origin while there is room; counts it regardless.
#define EMIT(scalar, origin) do { \
        if (written < capacity) { output[written] = (scalar); origins[written] = (origin); } \
        written++; \
    } while (0)

/// Moves to the next input scalar: c is -1 at the end of the input.
#define ADVANCE() do { \
        scalar_index++; \
        if (offset < length) { U8_NEXT(input, offset, length, c); } else { c = -1; } \
    } while (0)

/// unorm2_hasBoundaryBefore, answered without ICU for text below the combining marks and
/// for precomposed Hangul, which are starters that nothing before them combines with.
static inline int starts_segment(const UNormalizer2 *norm, UChar32 c) {
    if (c < 0x300 || is_hangul_syllable((uint32_t)c)) return 1;
    return unorm2_hasBoundaryBefore(norm, c);
}

static int maps_to_itself(const UNormalizer2 *norm, uint32_t c) {
    if (c < 0x80 || is_hangul_syllable(c)) return 1;
    UChar decomposition[8];
    UErrorCode status = U_ZERO_ERROR;
    return unorm2_getDecomposition(norm, (UChar32)c, decomposition, 8, &status) < 0;
}

int32_t ieum_normalize(const uint8_t *input, int32_t length, int32_t form,
                       uint32_t *output, int32_t *origins, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *norm = normalizer_for(form, &status);
    const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&status);
    if (U_FAILURE(status)) return -1;

    UChar small_source[64], small_result[256];
    int32_t written = 0;
    int32_t offset = 0, scalar_index = 0;
    UChar32 c = -1;
    if (offset < length) U8_NEXT(input, offset, length, c);
    while (c >= 0) {
        int32_t segment_start = scalar_index;
        UChar32 first = c;
        uint32_t kept = form == IEUM_NFKC && first >= 0x3131 ? protected_jamo(nfkc, (uint32_t)first) : 0;
        ADVANCE();
        if (kept) {
            EMIT(kept, segment_start);
            continue;
        }
        // ASCII or a Hangul syllable that nothing after it combines with: itself.
        if ((first < 0x80 || is_hangul_syllable((uint32_t)first)) && (c < 0 || starts_segment(norm, c))) {
            EMIT((uint32_t)first, segment_start);
            continue;
        }
        // A segment runs to the next scalar that starts a new normalization unit.
        int32_t source_length = 0, source_capacity = 64;
        UChar *source = small_source;
        UBool error = 0;
        U16_APPEND(source, source_length, source_capacity, first, error);
        int32_t count = 1;
        while (c >= 0 && !starts_segment(norm, c) && !(form == IEUM_NFKC && protected_jamo(nfkc, (uint32_t)c))) {
            if (source_length + 2 > source_capacity) {
                int32_t grown = 2 * source_capacity;
                UChar *larger = malloc(sizeof(UChar) * grown);
                memcpy(larger, source, sizeof(UChar) * source_length);
                if (source != small_source) free(source);
                source = larger;
                source_capacity = grown;
            }
            U16_APPEND(source, source_length, source_capacity, c, error);
            count++;
            ADVANCE();
        }

        if (count == 1 && maps_to_itself(norm, (uint32_t)first)) {
            EMIT((uint32_t)first, segment_start);
        } else {
            int32_t result_capacity = 18 * source_length + 4;
            UChar *result = result_capacity <= 256 ? small_result : malloc(sizeof(UChar) * result_capacity);
            int32_t result_length = unorm2_normalize(norm, source, source_length, result, result_capacity, &status);
            if (U_SUCCESS(status)) {
                for (int32_t k = 0; k < result_length;) {
                    UChar32 normalized;
                    U16_NEXT(result, k, result_length, normalized);
                    EMIT((uint32_t)normalized, segment_start);
                }
            }
            if (result != small_result) free(result);
        }
        if (source != small_source) free(source);
        if (U_FAILURE(status)) return -1;
    }
    return written;
}

/// One word break iterator per thread: opening one costs far more than reusing it.
static __thread UBreakIterator *thread_word_breaker = NULL;

int32_t ieum_word_boundaries(const uint32_t *text, int32_t length, int32_t *boundaries) {
    UErrorCode status = U_ZERO_ERROR;
    if (thread_word_breaker == NULL) {
        thread_word_breaker = ubrk_open(UBRK_WORD, "", NULL, 0, &status);
        if (U_FAILURE(status)) { thread_word_breaker = NULL; return -1; }
    }
    // UTF-16 copy plus, for each UTF-16 unit, the scalar it belongs to.
    int32_t capacity = 2 * length;
    UChar *units = malloc(sizeof(UChar) * (capacity + 1));
    int32_t *scalar_of_unit = malloc(sizeof(int32_t) * (capacity + 1));
    int32_t count = 0;
    for (int32_t k = 0; k < length; k++) {
        UBool error = 0;
        int32_t start = count;
        U16_APPEND(units, count, capacity, (UChar32)text[k], error);
        for (int32_t u = start; u < count; u++) scalar_of_unit[u] = k;
    }
    scalar_of_unit[count] = length;

    ubrk_setText(thread_word_breaker, units, count, &status);
    int32_t written = 0;
    if (U_SUCCESS(status)) {
        for (int32_t b = ubrk_first(thread_word_breaker); b != UBRK_DONE; b = ubrk_next(thread_word_breaker)) {
            boundaries[written++] = scalar_of_unit[b];
        }
    }
    // Detach the iterator from the buffer it is about to lose.
    UErrorCode detach = U_ZERO_ERROR;
    ubrk_setText(thread_word_breaker, NULL, 0, &detach);
    free(units);
    free(scalar_of_unit);
    return U_SUCCESS(status) ? written : -1;
}

int32_t ieum_script_class(uint32_t scalar) {
    UChar32 c = (UChar32)scalar;
    if (u_isdigit(c)) return IEUM_DIGIT;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode code = uscript_getScript(c, &status);
    return U_SUCCESS(status) ? (int32_t)code : IEUM_SCRIPT_COMMON;
}

int32_t ieum_convert_to_utf8(const char *charset, const char *input, int32_t length,
                             char *output, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter *converter = ucnv_open(charset, &status);
    if (U_FAILURE(status)) return -1;
    // Stop at the first byte sequence that is not valid, instead of substituting.
    ucnv_setToUCallBack(converter, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &status);
    // Through UTF-16: measure, convert, then encode as UTF-8.
    int32_t units = ucnv_toUChars(converter, NULL, 0, input, length, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR || status == U_STRING_NOT_TERMINATED_WARNING) status = U_ZERO_ERROR;
    UChar *utf16 = malloc(sizeof(UChar) * (units + 1));
    if (U_SUCCESS(status)) ucnv_toUChars(converter, utf16, units + 1, input, length, &status);
    ucnv_close(converter);
    int32_t written = -2;
    if (U_SUCCESS(status)) {
        status = U_ZERO_ERROR;
        u_strToUTF8(output, capacity, &written, utf16, units, &status);
        if (U_FAILURE(status) && status != U_BUFFER_OVERFLOW_ERROR) written = -2;
    }
    free(utf16);
    return written;
}
