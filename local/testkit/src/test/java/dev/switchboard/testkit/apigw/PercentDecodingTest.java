package dev.switchboard.testkit.apigw;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PercentDecodingTest {

    @Test
    void decodesEscapesAndLeavesPlusAlone() {
        assertThat(FakeManagementApi.PercentDecoding.decode("a%2Bb+c%2F%3D%3D")).contains("a+b+c/==");
    }

    @Test
    void decodesMultiByteUtf8() {
        assertThat(FakeManagementApi.PercentDecoding.decode("%C3%BCn")).contains("ün");
    }

    @Test
    void rejectsBrokenEscapes() {
        assertThat(FakeManagementApi.PercentDecoding.decode("abc%3")).isEmpty();
        assertThat(FakeManagementApi.PercentDecoding.decode("abc%G1")).isEmpty();
    }
}
