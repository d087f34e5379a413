// platform_glfw.cpp — the native development client: a GLFW window around the same app.
//
// For working on views without a browser. Input comes from imgui_impl_glfw (so no IME bridge
// here: the browser's text agent is the product's input path). The font is the build's subset.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <imgui_internal.h>

#include <cstdio>
#include <fstream>
#include <iterator>

#include "views/views.hpp"
#include "platform/fonts.hpp"
#include "views/ui.hpp"
#include "platform/item_hooks.hpp"
#include "model/net.hpp"

using namespace yishi::client;

int main() {
    if (!glfwInit()) {
        std::fprintf(stderr, "yishi-desktop: GLFW could not initialise (no display?)\n");
        return 1;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    GLFWwindow* window = glfwCreateWindow(1100, 760, "议事 Yishi", nullptr, nullptr);
    if (!window) {
        std::fprintf(stderr, "yishi-desktop: no OpenGL 3 window\n");
        return 1;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);

    ImGui::CreateContext();
    GImGui->TestEngineHookItems = true;
    ImGui::GetIO().IniFilename = nullptr;
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 130");
    float style_scale = 0;  // the scale the style was made for (device pixels × 大字)

    // The glyph files the web build serves, read from the build tree as the app asks for them.
    const auto read = [](const std::string& name) {
        std::ifstream f(std::string(YISHI_GLYPH_DIR) + "/" + name, std::ios::binary);
        return std::vector<uint8_t>{std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
    };
    Fonts& fonts = app_fonts();
    const std::vector<uint8_t> index = read("glyphs.idx");
    if (fonts.load_index(std::string_view(reinterpret_cast<const char*>(index.data()), index.size())))
        fonts.add_file(0, read(fonts.file_name(0)));
    if (!fonts.has_base()) {
        std::fprintf(stderr, "yishi-desktop: glyphs missing in %s (build the yishi_font target)\n", YISHI_GLYPH_DIR);
        return 1;
    }
    fonts.need(yishi::core::catalog_text());

    AppState app;
    while (!glfwWindowShouldClose(window)) {
        glfwWaitEventsTimeout(0.5);  // idle: wake on input or twice a second for the network
        platform_net().poll();
        float xscale = 1, yscale = 1;
        glfwGetWindowContentScale(window, &xscale, &yscale);
        for (size_t file : fonts.take_requests()) fonts.add_file(file, read(fonts.file_name(file)));
        const float scale = xscale * (app.large_text ? theme::kLargeTextScale : 1.0f);
        if (scale != style_scale) ui::apply_theme(ImGui::GetStyle(), scale);
        if (fonts.stale() || scale != style_scale) {
            style_scale = scale;
            fonts.rebuild(scale);
            ImGui_ImplOpenGL3_DestroyFontsTexture();
            ImGui_ImplOpenGL3_CreateFontsTexture();
        }
        int w = 0, h = 0;
        glfwGetFramebufferSize(window, &w, &h);
        app.css_width = static_cast<float>(w) / xscale;
        tick_app(app, glfwGetTime(), platform_net());

        items_begin_frame();
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        Commands cmds = draw_app(app, fonts);
        ImGui::Render();
        glViewport(0, 0, w, h);
        glClearColor(0.985f, 0.98f, 0.97f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        glfwSwapBuffers(window);
        apply_commands(app, cmds, platform_net());
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return 0;
}
