# ASan + UBSan for the whole build when ZABSCOPE_SANITIZE is on (preset "asan").
if(ZABSCOPE_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
