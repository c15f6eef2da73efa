// cpp-httplib, as Debian builds it. Debian's libcpp-httplib is a compiled library built with
// OpenSSL, zlib and Brotli support, and those switches change the layout of its classes: every file
// that includes the header must define them exactly as the library was built (pkg-config
// cpp-httplib --cflags), or a Client or Server would not match the code in the library.
// MOSAIC_HAVE_HTTPLIB is defined by the build when it links the library; without it the server is
// a stub that reports it is missing, and everything else still builds.
#pragma once

#ifdef MOSAIC_HAVE_HTTPLIB
#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
#define CPPHTTPLIB_OPENSSL_SUPPORT
#endif
#ifndef CPPHTTPLIB_ZLIB_SUPPORT
#define CPPHTTPLIB_ZLIB_SUPPORT
#endif
#ifndef CPPHTTPLIB_BROTLI_SUPPORT
#define CPPHTTPLIB_BROTLI_SUPPORT
#endif
#include <httplib.h>
#endif
