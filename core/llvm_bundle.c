/* The one source of libpyrite-llvm.so, the private LLVM of a self-contained
 * build (cmake/PyriteLLVM.cmake): LLVM's static component libraries make up
 * the rest of it. This tells a debugger or `nm -D` what the library is. */
const char pyrite_llvm_bundle[] = "pyrite's LLVM: static LLVM components in one shared library";
