/*===- runtime/rt_format.c - number formatting for str() -------------------===*
 *
 * \file
 * repr(float) as CPython writes it. Compiled into libpyrite-core for the JIT
 * and to bitcode linked into objects built ahead of time; needs only libc.
 *===----------------------------------------------------------------------===*/
#include "pyrite_rt.h"

int snprintf(char *str, size_t size, const char *format, ...);
double strtod(const char *nptr, char **endptr);
void *malloc(size_t size);
void free(void *ptr);

double pyrite_rt_parse_float(const char *text, int64_t length) {
  char small[128];
  char *copy = length < (int64_t)sizeof small ? small : (char *)malloc((size_t)length + 1);
  if (!copy)
    return 0.0 / 0.0;
  for (int64_t k = 0; k < length; ++k)
    copy[k] = text[k];
  copy[length] = 0;
  double v = strtod(copy, 0);
  if (copy != small)
    free(copy);
  return v;
}

/* CPython's float_repr (Python/pystrtod.c, format_float_short with mode 0
 * and type 'r'): the shortest digits that read back as x, in fixed notation
 * when the decimal point falls in -4 < decpt <= 16, else as d.ddde+XX; a
 * whole number keeps ".0". The shortest digits come from printf's correctly
 * rounded %.*e at 1, 2, ... 17 digits, the first that reads back as x. */
int64_t pyrite_rt_float_repr(double x, char *buf) {
  if (x != x)
    return snprintf(buf, 32, "nan");
  if (x == 1.0 / 0.0)
    return snprintf(buf, 32, "inf");
  if (x == -1.0 / 0.0)
    return snprintf(buf, 32, "-inf");
  char sci[40];
  int precision = 1;
  for (; precision < 17; ++precision) {
    snprintf(sci, sizeof sci, "%.*e", precision - 1, x);
    if (strtod(sci, 0) == x)
      break;
  }
  if (precision == 17)
    snprintf(sci, sizeof sci, "%.16e", x);
  /* sci is [-]d[.ddd]e[+-]XX: collect the digits and the exponent. */
  const char *p = sci;
  int negative = *p == '-';
  if (negative)
    ++p;
  char digits[20];
  int ndigits = 0;
  for (; *p && *p != 'e'; ++p)
    if (*p != '.')
      digits[ndigits++] = *p;
  int exponent = 0, exp_negative = 0;
  if (*p == 'e') {
    ++p;
    exp_negative = *p == '-';
    if (*p == '-' || *p == '+')
      ++p;
    for (; *p; ++p)
      exponent = exponent * 10 + (*p - '0');
  }
  if (exp_negative)
    exponent = -exponent;
  while (ndigits > 1 && digits[ndigits - 1] == '0')
    --ndigits;
  int decpt = exponent + 1; /* x = 0.digits * 10**decpt */
  int n = 0;
  if (negative)
    buf[n++] = '-';
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) {
      buf[n++] = '0';
      buf[n++] = '.';
      for (int k = 0; k < -decpt; ++k)
        buf[n++] = '0';
      for (int k = 0; k < ndigits; ++k)
        buf[n++] = digits[k];
    } else {
      for (int k = 0; k < decpt; ++k)
        buf[n++] = k < ndigits ? digits[k] : '0';
      buf[n++] = '.';
      if (ndigits > decpt)
        for (int k = decpt; k < ndigits; ++k)
          buf[n++] = digits[k];
      else
        buf[n++] = '0';
    }
    buf[n] = 0;
    return n;
  }
  buf[n++] = digits[0];
  if (ndigits > 1) {
    buf[n++] = '.';
    for (int k = 1; k < ndigits; ++k)
      buf[n++] = digits[k];
  }
  n += snprintf(buf + n, 32 - (size_t)n, "e%c%02d", decpt - 1 < 0 ? '-' : '+',
                decpt - 1 < 0 ? 1 - decpt : decpt - 1);
  return n;
}

/* Removes trailing zeros after a decimal point in buf[0:n) (and the point
 * when no digit follows it); returns the new length. */
static int strip_zeros(char *buf, int n) {
  int point = -1;
  for (int k = 0; k < n; ++k)
    if (buf[k] == '.')
      point = k;
  if (point < 0)
    return n;
  while (n > point + 1 && buf[n - 1] == '0')
    --n;
  if (n == point + 1)
    --n;
  buf[n] = 0;
  return n;
}

/* A spec with a precision and no type: 'g' with CPython's add_dot_0 rule
 * (format_float_short): the exponent form from a decimal point position
 * above precision - 1, and fixed notation keeps a digit after the point. */
static int64_t format_general_dot_0(double x, int64_t precision, int64_t alternate,
                                    char *buf) {
  int p = precision == 0 ? 1 : (int)precision;
  char sci[64];
  snprintf(sci, sizeof sci, "%.*e", p - 1, x);
  const char *e = sci;
  while (*e && *e != 'e')
    ++e;
  int exponent = 0, negative_exponent = e[1] == '-';
  for (const char *d = e + 2; *d; ++d)
    exponent = exponent * 10 + (*d - '0');
  if (negative_exponent)
    exponent = -exponent;
  if (exponent < -4 || exponent >= p - 1) {
    int mantissa = (int)(e - sci);
    for (int k = 0; k < mantissa; ++k)
      buf[k] = sci[k];
    buf[mantissa] = 0;
    int n = alternate ? mantissa : strip_zeros(buf, mantissa);
    if (alternate && p == 1) /* '#': the point stays */
      buf[n++] = '.';
    return n + snprintf(buf + n, 512 - (size_t)n, "%s", e);
  }
  int n = snprintf(buf, 512, "%.*f", p - 1 - exponent, x);
  if (!alternate)
    n = strip_zeros(buf, n);
  int has_point = 0;
  for (int k = 0; k < n; ++k)
    has_point |= buf[k] == '.';
  if (!has_point)
    buf[n++] = '.', buf[n] = 0;
  if (buf[n - 1] == '.')
    buf[n++] = '0', buf[n] = 0;
  return n;
}

/* format(x, spec)'s digits for a float's magnitude |x| (the caller adds the
 * sign, fill and grouping): `type` is 'f', 'F', 'e', 'E', 'g', 'G', '%' or 0
 * (no type: like 'g', but fixed notation keeps a digit after the point, as
 * CPython's format_float_internal), `alternate` is the '#' flag. inf and nan
 * are "inf"/"nan" ("INF"/"NAN" for F, E, G). Writes into buf (512 bytes:
 * 310 integer digits, a point, 100 digits after it, '%', with room to
 * spare; precision <= 100, the caller checks). Returns the length. */
int64_t pyrite_rt_format_float(double x, int64_t precision, int64_t type, int64_t alternate,
                               char *buf) {
  int upper = type == 'F' || type == 'E' || type == 'G';
  x = __builtin_fabs(x); /* -0.0 too */
  if (x != x)
    return snprintf(buf, 512, upper ? "NAN" : type == '%' ? "nan%%" : "nan");
  if (x == 1.0 / 0.0) {
    int n = snprintf(buf, 512, upper ? "INF" : "inf");
    if (type == '%')
      buf[n++] = '%', buf[n] = 0;
    return n;
  }
  if (type == 0)
    return format_general_dot_0(x, precision, alternate, buf);
  char conversion = type == '%' ? 'f' : (char)type;
  if (type == '%')
    x *= 100.0;
  char format[8] = "%", *f = format + 1;
  if (alternate)
    *f++ = '#';
  *f++ = '.', *f++ = '*', *f++ = conversion, *f = 0;
  int n = snprintf(buf, 512, format, (int)precision, x);
  if (type == '%')
    buf[n++] = '%', buf[n] = 0;
  return n;
}
