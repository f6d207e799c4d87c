#ifndef CPNG_SHIM_H
#define CPNG_SHIM_H
#include <png.h>

/* PNG_IMAGE_VERSION and the simplified API's row stride are macros Swift cannot import. */
static inline unsigned int cpng_image_version(void) { return PNG_IMAGE_VERSION; }
static inline unsigned int cpng_format_rgba(void) { return PNG_FORMAT_RGBA; }
static inline unsigned int cpng_format_flag_color(void) { return PNG_FORMAT_FLAG_COLOR; }
static inline unsigned int cpng_format_flag_linear(void) { return PNG_FORMAT_FLAG_LINEAR; }
static inline unsigned int cpng_format_linear_rgba(void) { return PNG_FORMAT_LINEAR_RGB_ALPHA; }
#endif
