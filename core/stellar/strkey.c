/* strkey.c — SEP-23 strkey encoding (see strkey.h). */
#include "stellar/strkey.h"

#include <pthread.h>
#include <stdbool.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define STRKEY_VBMI 1
#include <immintrin.h>
#endif

/* CRC16-XModem by byte: crc16_table[i] is the CRC of byte i (poly 0x1021). */
static const uint16_t crc16_table[256] = {
    0x0000, 0x1021, 0x2042, 0x3063, 0x4084, 0x50a5, 0x60c6, 0x70e7,
    0x8108, 0x9129, 0xa14a, 0xb16b, 0xc18c, 0xd1ad, 0xe1ce, 0xf1ef,
    0x1231, 0x0210, 0x3273, 0x2252, 0x52b5, 0x4294, 0x72f7, 0x62d6,
    0x9339, 0x8318, 0xb37b, 0xa35a, 0xd3bd, 0xc39c, 0xf3ff, 0xe3de,
    0x2462, 0x3443, 0x0420, 0x1401, 0x64e6, 0x74c7, 0x44a4, 0x5485,
    0xa56a, 0xb54b, 0x8528, 0x9509, 0xe5ee, 0xf5cf, 0xc5ac, 0xd58d,
    0x3653, 0x2672, 0x1611, 0x0630, 0x76d7, 0x66f6, 0x5695, 0x46b4,
    0xb75b, 0xa77a, 0x9719, 0x8738, 0xf7df, 0xe7fe, 0xd79d, 0xc7bc,
    0x48c4, 0x58e5, 0x6886, 0x78a7, 0x0840, 0x1861, 0x2802, 0x3823,
    0xc9cc, 0xd9ed, 0xe98e, 0xf9af, 0x8948, 0x9969, 0xa90a, 0xb92b,
    0x5af5, 0x4ad4, 0x7ab7, 0x6a96, 0x1a71, 0x0a50, 0x3a33, 0x2a12,
    0xdbfd, 0xcbdc, 0xfbbf, 0xeb9e, 0x9b79, 0x8b58, 0xbb3b, 0xab1a,
    0x6ca6, 0x7c87, 0x4ce4, 0x5cc5, 0x2c22, 0x3c03, 0x0c60, 0x1c41,
    0xedae, 0xfd8f, 0xcdec, 0xddcd, 0xad2a, 0xbd0b, 0x8d68, 0x9d49,
    0x7e97, 0x6eb6, 0x5ed5, 0x4ef4, 0x3e13, 0x2e32, 0x1e51, 0x0e70,
    0xff9f, 0xefbe, 0xdfdd, 0xcffc, 0xbf1b, 0xaf3a, 0x9f59, 0x8f78,
    0x9188, 0x81a9, 0xb1ca, 0xa1eb, 0xd10c, 0xc12d, 0xf14e, 0xe16f,
    0x1080, 0x00a1, 0x30c2, 0x20e3, 0x5004, 0x4025, 0x7046, 0x6067,
    0x83b9, 0x9398, 0xa3fb, 0xb3da, 0xc33d, 0xd31c, 0xe37f, 0xf35e,
    0x02b1, 0x1290, 0x22f3, 0x32d2, 0x4235, 0x5214, 0x6277, 0x7256,
    0xb5ea, 0xa5cb, 0x95a8, 0x8589, 0xf56e, 0xe54f, 0xd52c, 0xc50d,
    0x34e2, 0x24c3, 0x14a0, 0x0481, 0x7466, 0x6447, 0x5424, 0x4405,
    0xa7db, 0xb7fa, 0x8799, 0x97b8, 0xe75f, 0xf77e, 0xc71d, 0xd73c,
    0x26d3, 0x36f2, 0x0691, 0x16b0, 0x6657, 0x7676, 0x4615, 0x5634,
    0xd94c, 0xc96d, 0xf90e, 0xe92f, 0x99c8, 0x89e9, 0xb98a, 0xa9ab,
    0x5844, 0x4865, 0x7806, 0x6827, 0x18c0, 0x08e1, 0x3882, 0x28a3,
    0xcb7d, 0xdb5c, 0xeb3f, 0xfb1e, 0x8bf9, 0x9bd8, 0xabbb, 0xbb9a,
    0x4a75, 0x5a54, 0x6a37, 0x7a16, 0x0af1, 0x1ad0, 0x2ab3, 0x3a92,
    0xfd2e, 0xed0f, 0xdd6c, 0xcd4d, 0xbdaa, 0xad8b, 0x9de8, 0x8dc9,
    0x7c26, 0x6c07, 0x5c64, 0x4c45, 0x3ca2, 0x2c83, 0x1ce0, 0x0cc1,
    0xef1f, 0xff3e, 0xcf5d, 0xdf7c, 0xaf9b, 0xbfba, 0x8fd9, 0x9ff8,
    0x6e17, 0x7e36, 0x4e55, 0x5e74, 0x2e93, 0x3eb2, 0x0ed1, 0x1ef0,
};

/* Tables built once (strkeys are rendered for every account a ledger
 * names).  Slicing by 8: crc16_slices[k][b] is the CRC of byte b followed
 * by k zero bytes, so eight bytes fold in with independent look-ups
 * instead of a chain of eight.  base32_pairs[v] is the two base32
 * characters of the 10-bit value v. */
static uint16_t crc16_slices[8][256];
static char base32_pairs[1024][2];
static pthread_once_t strkey_tables_once = PTHREAD_ONCE_INIT;
static const char base32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

static void strkey_tables_init(void)
{
    for (int v = 0; v < 1024; v++) {
        base32_pairs[v][0] = base32[v >> 5];
        base32_pairs[v][1] = base32[v & 31];
    }
    for (int b = 0; b < 256; b++) {
        crc16_slices[0][b] = crc16_table[b];
        for (int k = 1; k < 8; k++) {
            uint16_t prev = crc16_slices[k - 1][b];
            crc16_slices[k][b] = (uint16_t)((prev << 8) ^ crc16_table[prev >> 8]);
        }
    }
}

/* The CRC, tables already built. */
static uint16_t crc16_sliced(const uint8_t *data, size_t n)
{
    uint16_t crc = 0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const uint8_t *d = data + i;
        crc = (uint16_t)(crc16_slices[7][(crc >> 8) ^ d[0]] ^ crc16_slices[6][(crc & 0xff) ^ d[1]] ^
                         crc16_slices[5][d[2]] ^ crc16_slices[4][d[3]] ^ crc16_slices[3][d[4]] ^
                         crc16_slices[2][d[5]] ^ crc16_slices[1][d[6]] ^ crc16_slices[0][d[7]]);
    }
    for (; i < n; i++)
        crc = (uint16_t)((crc << 8) ^ crc16_table[(crc >> 8) ^ data[i]]);
    return crc;
}

/* 0 not yet checked, 1 scalar, 2 AVX-512 VBMI; a forced choice overrides. */
static int base32_implementation;

void strkey_force_portable(bool portable)
{
    __atomic_store_n(&base32_implementation, portable ? 1 : 0, __ATOMIC_RELAXED);
}

#ifdef STRKEY_VBMI
/* 7 groups of 5 bytes (35 bytes: a key strkey's version, payload and CRC)
 * to 56 characters at once: each group's bytes moved into a 64-bit lane as
 * a big-endian number, its eight 5-bit fields picked by one multishift,
 * looked up in the alphabet by one byte permute.  raw must have 64
 * readable bytes (the load is masked, but sanitizers may see it whole). */
__attribute__((target("avx512f,avx512bw,avx512vbmi")))
static void base32_35_vbmi(const uint8_t *raw, char *out)
{
    static const uint8_t order[64] = {
        4,  3,  2,  1,  0,  63, 63, 63, 9,  8,  7,  6,  5,  63, 63, 63,
        14, 13, 12, 11, 10, 63, 63, 63, 19, 18, 17, 16, 15, 63, 63, 63,
        24, 23, 22, 21, 20, 63, 63, 63, 29, 28, 27, 26, 25, 63, 63, 63,
        34, 33, 32, 31, 30, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63};
    __m512i bytes = _mm512_maskz_loadu_epi8((__mmask64)((1ull << 35) - 1), raw); /* byte 63: 0 */
    __m512i groups = _mm512_permutexvar_epi8(_mm512_loadu_si512(order), bytes);
    /* character c of a group: bits 35 - 5c .. 39 - 5c */
    __m512i fields = _mm512_multishift_epi64_epi8(_mm512_set1_epi64(0x00050a0f14191e23), groups);
    __m512i chars = _mm512_permutexvar_epi8(_mm512_and_si512(fields, _mm512_set1_epi8(31)),
                                            _mm512_maskz_loadu_epi8((__mmask64)0xffffffff, base32));
    _mm512_mask_storeu_epi8(out, (__mmask64)((1ull << 56) - 1), chars);
}

static bool use_vbmi(void)
{
    int impl = __atomic_load_n(&base32_implementation, __ATOMIC_RELAXED);
    if (impl == 0) {
        __builtin_cpu_init();
        impl = __builtin_cpu_supports("avx512vbmi") && __builtin_cpu_supports("avx512bw") ? 2 : 1;
        __atomic_store_n(&base32_implementation, impl, __ATOMIC_RELAXED);
    }
    return impl == 2;
}
#endif

size_t strkey_encode(uint8_t version, const uint8_t *payload, size_t n, char *out, size_t out_size)
{
    uint8_t raw[1 + STRKEY_MAX_PAYLOAD + 2 + 64]; /* + 64: a whole-vector read from any group */
    if (n > STRKEY_MAX_PAYLOAD)
        return 0;
    size_t total = n + 3;
    size_t text_len = (total * 8 + 4) / 5;
    if (out_size < text_len + 1)
        return 0;
    pthread_once(&strkey_tables_once, strkey_tables_init);
    raw[0] = version;
    memcpy(raw + 1, payload, n);
    uint16_t crc = crc16_sliced(raw, n + 1);
    raw[n + 1] = (uint8_t)(crc & 0xff);
    raw[n + 2] = (uint8_t)(crc >> 8);
    size_t o = 0, i = 0;
#ifdef STRKEY_VBMI
    if (total >= 35 && use_vbmi())
        for (; i + 35 <= total; i += 35, o += 56)
            base32_35_vbmi(raw + i, out + o);
#endif
    for (; i + 5 <= total; i += 5, o += 8) { /* 5 bytes -> 8 characters, one store */
        uint64_t group = (uint64_t)raw[i] << 32 | (uint64_t)raw[i + 1] << 24 |
                         (uint64_t)raw[i + 2] << 16 | (uint64_t)raw[i + 3] << 8 | raw[i + 4];
        char chars[8];
#pragma GCC unroll 4
        for (int c = 0; c < 4; c++) /* 10 bits -> 2 characters a look-up */
            memcpy(chars + 2 * c, base32_pairs[(group >> (30 - 10 * c)) & 1023], 2);
        memcpy(out + o, chars, sizeof(chars));
    }
    uint32_t acc = 0;
    int bits = 0;
    for (; i < total; i++) {
        acc = (acc << 8) | raw[i];
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            out[o++] = base32[(acc >> bits) & 31];
        }
    }
    if (bits > 0)
        out[o++] = base32[(acc << (5 - bits)) & 31];
    out[o] = '\0';
    return o;
}

bool strkey_decode_key(const char *text, size_t len, uint8_t version, uint8_t out[32])
{
    uint8_t raw[35];
    if (len != 56)
        return false;
    pthread_once(&strkey_tables_once, strkey_tables_init);
    for (size_t g = 0; g < 7; g++) { /* 8 characters -> 5 bytes */
        uint64_t group = 0;
        for (size_t c = 0; c < 8; c++) {
            char ch = text[g * 8 + c];
            unsigned v;
            if (ch >= 'A' && ch <= 'Z')
                v = (unsigned)(ch - 'A');
            else if (ch >= '2' && ch <= '7')
                v = (unsigned)(ch - '2') + 26;
            else
                return false;
            group = group << 5 | v;
        }
        for (size_t b = 0; b < 5; b++)
            raw[g * 5 + b] = (uint8_t)(group >> (32 - 8 * b));
    }
    uint16_t crc = 0; /* byte by byte: crc16_sliced stays inlined in strkey_encode */
    for (size_t i = 0; i < 33; i++)
        crc = (uint16_t)((crc << 8) ^ crc16_table[(crc >> 8) ^ raw[i]]);
    if (raw[0] != version || raw[33] != (uint8_t)(crc & 0xff) || raw[34] != (uint8_t)(crc >> 8))
        return false;
    memcpy(out, raw + 1, 32);
    return true;
}
